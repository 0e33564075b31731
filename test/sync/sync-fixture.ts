// Shared pieces of the sync tests: an emulator whose clock is also the sync's (so async jobs finish as
// the sync's sleeps move time), started at a moment when no record changes for a while, and the
// emulator's own records projected into the columns a synced database must hold.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { type SyncDeps, syncOnce } from '../../src/connect/index.js';
import { type Clock, createManualClock, type ManualClock } from '../../src/core/index.js';
import type { FaultSettings } from '../../src/emulator/faults.js';
import { createSeedOrg, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createTraffic, type SimConversation, type Traffic } from '../../src/emulator/traffic/traffic.js';
import { type Dump, openSqliteSink, type Sink } from '../../src/store/index.js';
import type { StreamOutcome, SyncOptions } from '../../src/sync/index.js';
import { DEFAULT_LOOKBACK_MS } from '../../src/sync/run-sync.js';
import { driveClock } from '../support/drive-clock.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
export const FROM = Date.UTC(2026, 10, 17);
export const UNTIL = Date.UTC(2026, 10, 20);

/**
 * The first minute at or after `notBefore` from which no conversation ends or gets a late wrap-up
 * for `spanMs`, and no 6-hour boundary is crossed by now or by now minus an hour (the async-job
 * availability lag) — so every read within the span sees the same data and routes windows alike.
 */
function quietMoment(traffic: Traffic, notBefore: number, spanMs: number): number {
  const events = traffic
    .conversationsStarting(notBefore - 7 * DAY, notBefore + 2 * DAY)
    .flatMap((c) => [c.end, c.wrapUpAt])
    .filter((t) => t >= notBefore)
    .sort((a, b) => a - b);
  const sameQuarter = (a: number, b: number) => Math.floor(a / (6 * HOUR)) === Math.floor(b / (6 * HOUR));
  for (let t = Math.ceil(notBefore / 60_000) * 60_000; t < notBefore + 2 * DAY; t += 60_000) {
    const next = events.find((e) => e >= t);
    const quiet = next === undefined || next > t + spanMs;
    if (quiet && sameQuarter(t, t + spanMs) && sameQuarter(t - HOUR, t - HOUR + spanMs)) return t;
  }
  throw new Error('no quiet moment in two days: lower the traffic or the span');
}

export interface SyncEmulator {
  emulator: RunningEmulator;
  /** The sync's clock and the emulator's. */
  clock: ManualClock;
  /** Where the clock started: the data every run must see. */
  now: number;
  quietUntil: number;
  close(): Promise<void>;
}

const QUIET_SPAN_MS = 20 * 60_000;

export async function startSyncEmulator(
  options: { seed?: number; conversationsPerDay?: number; notBefore?: number; faults?: Partial<FaultSettings> } = {},
): Promise<SyncEmulator> {
  const clock = createManualClock(0);
  const emulator = await startEmulator({
    seed: options.seed ?? 11,
    clock,
    conversationsPerDay: options.conversationsPerDay ?? 300,
    faults: options.faults,
  });
  const env: SyncEmulator = { emulator, clock, now: 0, quietUntil: 0, close: () => emulator.close() };
  await moveTo(env, options.notBefore ?? UNTIL + 2 * HOUR);
  return env;
}

/** A test file's emulator and in-memory SQLite sink: started in its `before` hook, closed in its `after`. */
export function syncSuite(options: Parameters<typeof startSyncEmulator>[0] = {}): {
  readonly env: SyncEmulator;
  readonly sink: Sink;
} {
  const suite = {} as { env: SyncEmulator; sink: Sink };
  before(async () => {
    suite.env = await startSyncEmulator(options);
    suite.sink = await openSqliteSink({ path: ':memory:' });
  });
  after(async () => {
    await suite.sink.close();
    await suite.env.close();
  });
  return suite;
}

/** Moves the shared clock forward to the next quiet moment at or after `notBefore`. */
export async function moveTo(env: SyncEmulator, notBefore: number): Promise<void> {
  env.now = quietMoment(env.emulator.context.traffic, notBefore, QUIET_SPAN_MS);
  env.quietUntil = env.now + QUIET_SPAN_MS;
  await env.clock.set(env.now);
}

/** One sync cycle of every stream, driven on the shared clock; fails on any stream error. */
export async function syncCycle(
  env: SyncEmulator,
  sink: Sink,
  options: SyncOptions = {},
  deps: Partial<SyncDeps> = {},
  check: { allowErrors?: boolean } = {},
): Promise<StreamOutcome[]> {
  const config = parseConfig(env.emulator.env());
  const outcomes = await driveClock(
    env.clock,
    syncOnce(
      { config, sink, clock: env.clock, ...deps },
      // Windows older than a day through async jobs, so a 3-day backfill takes both paths.
      { backfillFrom: FROM, until: UNTIL, asyncJobAgeMs: 24 * HOUR, ...options },
    ),
  );
  if (!check.allowErrors)
    for (const o of outcomes) assert.equal(o.error, undefined, `${o.stream}: ${o.error?.message}`);
  assert.ok(env.clock.now() <= env.quietUntil, 'the run stayed inside the quiet span (data unchanged throughout)');
  return outcomes;
}

/** Every data table of a dump, without the checkpoints (they hold watermarks, not data). */
export function dataTables(dump: Dump): Omit<Dump, 'checkpoints'> {
  const { checkpoints: _, ...data } = dump;
  return data;
}

const settledUntil = (value: unknown): number | undefined => JSON.parse(String(value)).settledUntil;

/**
 * Two runs' settled marks, the later run's against the earlier's. A window settles once its end is a
 * lookback older than the wall clock at its read, so a run that went on past such an edge (every hour
 * for CXone's hourly windows) is ahead of one that did not: the marks may differ only that way — the
 * later one further on, and no further than a lookback before now.
 */
export function assertSettledAlike(later: Dump, earlier: Dump, lookbackMs = DEFAULT_LOOKBACK_MS) {
  const marks = (d: Dump) => new Map(d.checkpoints.map((r) => [String(r.stream), settledUntil(r.value)]));
  const [a, b] = [marks(later), marks(earlier)];
  assert.deepEqual([...a.keys()], [...b.keys()], 'the same streams');
  for (const [stream, mark] of a) {
    const before = b.get(stream);
    if (mark === before) continue;
    assert.ok(mark !== undefined && before !== undefined, `${stream}: settled in one run only`);
    assert.ok(mark > before, `${stream}: the later run settled less (${mark} < ${before})`);
    assert.ok(mark <= Date.now() - lookbackMs, `${stream}: settled windows younger than the lookback`);
  }
}

type Row = Record<string, string | number | boolean | null>;
const pick = (row: Row, columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
const byKey = (key: (r: Row) => string) => (a: Row, b: Row) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

const CONVERSATION_COLUMNS = [
  'id',
  'start_ms',
  'end_ms',
  'queue_ids',
  'agent_ids',
  'answered',
  'abandoned',
  'wait_ms',
  'handle_ms',
  'wrap_up_code',
] as const;

/** Genesys conversations that started in [from, until), as the emulator shows them at `asOf`. */
export function expectedGenesysConversations(traffic: Traffic, from: number, until: number, asOf: number): Row[] {
  return visible(traffic, from, until, asOf)
    .map((c) => ({
      id: c.id,
      start_ms: c.start,
      end_ms: c.end,
      queue_ids: JSON.stringify([c.queueId]),
      agent_ids: JSON.stringify(c.agentId ? [c.agentId] : []),
      answered: c.answered,
      abandoned: !c.answered,
      wait_ms: c.waitMs,
      handle_ms: c.answered ? c.talkMs + c.holdMs + c.acwMs : null,
      wrap_up_code: c.wrapUpCode ?? null,
    }))
    .sort(byKey((r) => String(r.id)));
}

export function actualConversations(dump: Dump, vendor: 'genesys' | 'cxone'): Row[] {
  return dump.conversations
    .filter((r) => r.vendor === vendor)
    .map((r) => pick(r, CONVERSATION_COLUMNS))
    .sort(byKey((r) => String(r.id)));
}

const INTERVAL_COLUMNS = ['interval_start_ms', 'interval_end_ms', 'handle_ms', 'talk_ms', 'hold_ms', 'acw_ms'] as const;
const QUEUE_COLUMNS = [
  'queue_id',
  ...INTERVAL_COLUMNS,
  'offered',
  'answered',
  'abandoned',
  'transferred',
  'wait_ms',
  'answer_wait_ms',
  'service_level_numerator',
  'service_level_denominator',
] as const;
const AGENT_COLUMNS = ['agent_id', ...INTERVAL_COLUMNS, 'handled'] as const;

/**
 * Genesys per-queue half hours, summed straight from the emulator's conversations, each figure in the
 * half hour it is emitted in (Genesys's rule): offered on arrival, waits and the service level when
 * the call leaves the queue, answered when the agent connects, talk/hold/after-call work and handle
 * time as each ends.
 */
export function expectedQueueIntervals(env: SyncEmulator, from: number, until: number, asOf: number): Row[] {
  const thresholds = new Map(env.emulator.org.queues.map((q) => [q.id, q.serviceLevel.thresholdSeconds * 1000]));
  const events = emitting(env.emulator.context.traffic, from, until).flatMap((c): Emitted[] => {
    const left = c.start + c.waitMs;
    const connected = left + c.alertMs;
    const within = c.answered && c.waitMs <= (thresholds.get(c.queueId) ?? 0) ? 1 : 0;
    const mine: Emitted[] = [
      { c, at: c.start, column: 'offered', n: 1 },
      { c, at: left, column: 'wait_ms', n: c.waitMs },
      { c, at: left, column: 'service_level_numerator', n: within },
      { c, at: left, column: 'service_level_denominator', n: 1 },
    ];
    if (!c.answered) return [...mine, { c, at: left, column: 'abandoned', n: 1 }];
    return [
      ...mine,
      { c, at: connected, column: 'answered', n: 1 },
      { c, at: connected, column: 'answer_wait_ms', n: c.waitMs },
      { c, at: c.end, column: 'transferred', n: c.transferred ? 1 : 0 },
      ...agentWork(c),
    ];
  });
  return halfHours(events, from, until, asOf, (c) => c.queueId).map((r) => ({
    queue_id: r.key ?? null,
    ...pick(r, QUEUE_COLUMNS.slice(1)),
  }));
}

/** Genesys per-agent half hours of answered conversations, summed straight from the emulator, by emit time. */
export function expectedAgentIntervals(env: SyncEmulator, from: number, until: number, asOf: number): Row[] {
  const events = emitting(env.emulator.context.traffic, from, until)
    .filter((c) => c.agentId)
    .flatMap((c): Emitted[] => [{ c, at: c.end, column: 'handled', n: 1 }, ...agentWork(c)]);
  return halfHours(events, from, until, asOf, (c) => c.agentId as string).map((r) => ({
    agent_id: r.key ?? null,
    ...pick(r, AGENT_COLUMNS.slice(1)),
  }));
}

export function actualIntervals(dump: Dump, table: 'queue_intervals' | 'agent_intervals'): Row[] {
  const columns = table === 'queue_intervals' ? QUEUE_COLUMNS : AGENT_COLUMNS;
  const id = columns[0];
  return dump[table]
    .filter((r) => r.vendor === 'genesys')
    .map((r) => pick(r, columns))
    .sort(byKey((r) => `${r[id]}|${String(r.interval_start_ms).padStart(15, '0')}`));
}

/** CXone completed contacts the contacts stream reads from `since`, as the emulator shows them at `asOf`. */
/** Contacts the API lists as updated in [since, until) when asked at `asOf` (a bounded run stops at until). */
export function expectedCxoneContacts(
  traffic: Traffic,
  since: number,
  asOf: number,
  until = asOf,
): { id: string; wrap_up_code: string | null }[] {
  return traffic
    .conversationsStarting(since - 6 * DAY, asOf)
    .filter((c) => {
      const updated = traffic.lastUpdated(c, asOf);
      return c.end <= asOf && updated > since - 1000 && updated < until;
    })
    .map((c) => ({ id: c.id, wrap_up_code: (traffic.asOf(c, asOf) as SimConversation).wrapUpCode ?? null }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

function visible(traffic: Traffic, from: number, until: number, asOf: number): SimConversation[] {
  return traffic
    .conversationsStarting(from, until)
    .map((c) => traffic.asOf(c, asOf))
    .filter((c): c is SimConversation => c !== undefined);
}

/** One figure of a conversation and the moment Genesys emits it. */
interface Emitted {
  c: SimConversation;
  at: number;
  column: string;
  n: number;
}

/** Conversations that can emit in [from, until): started up to three days (the longest one) before. */
function emitting(traffic: Traffic, from: number, until: number): SimConversation[] {
  return traffic.conversationsStarting(from - 3 * DAY, until);
}

function agentWork(c: SimConversation): Emitted[] {
  const talkEnd = c.start + c.waitMs + c.alertMs + c.talkMs;
  const work: Emitted[] = [
    { c, at: talkEnd, column: 'talk_ms', n: c.talkMs },
    { c, at: c.end, column: 'acw_ms', n: c.acwMs },
    { c, at: c.end, column: 'handle_ms', n: c.talkMs + c.holdMs + c.acwMs },
  ];
  if (c.holdMs > 0) work.push({ c, at: talkEnd + c.holdMs, column: 'hold_ms', n: c.holdMs });
  return work;
}

function halfHours(
  events: Emitted[],
  from: number,
  until: number,
  asOf: number,
  keyOf: (c: SimConversation) => string,
): Row[] {
  const rows = new Map<string, Row>();
  for (const { c, at, column, n } of events) {
    if (at < from || at >= until || at > asOf) continue;
    const start = Math.floor(at / 1_800_000) * 1_800_000;
    const id = `${keyOf(c)}|${String(start).padStart(15, '0')}`;
    let row = rows.get(id);
    if (!row) {
      row = { key: keyOf(c), interval_start_ms: start, interval_end_ms: start + 1_800_000 };
      for (const name of [...QUEUE_COLUMNS, ...AGENT_COLUMNS].slice(1))
        if (!name.endsWith('_id') && !name.startsWith('interval')) row[name] = 0;
      rows.set(id, row);
    }
    row[column] = (row[column] as number) + n;
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}

interface TickingEmulator {
  emulator: RunningEmulator;
  /** The backfill range: three whole days ending at the start of yesterday (real clock). */
  from: number;
  until: number;
  now: number;
  quietUntil: number;
  /** Fails when the emulator's time has left the quiet span (its data would differ between runs). */
  assertStillQuiet(): void;
  close(): Promise<void>;
}

/**
 * An emulator for a sync running in another process (the CLI on the system clock): its own clock
 * runs `rate` times faster than real time from a quiet moment, so async jobs finish without waiting.
 * Its range follows the real date, not FROM/UNTIL: the CLI reckons CXone's 30-day reach on the real
 * clock, and 30 days on a fixed range would be clamped (its watermark moving with each run's moment).
 */
export async function startTickingEmulator(
  options: { seed?: number; conversationsPerDay?: number; rate?: number; faults?: Partial<FaultSettings> } = {},
): Promise<TickingEmulator> {
  const seed = options.seed ?? 11;
  const conversationsPerDay = options.conversationsPerDay ?? 300;
  const traffic = createTraffic(createSeedOrg({ seed }), { conversationsPerDay });
  const until = Math.floor(Date.now() / DAY) * DAY - DAY;
  const now = quietMoment(traffic, until + 2 * HOUR, QUIET_SPAN_MS);
  const clock = tickingClock(now, options.rate ?? 3);
  const emulator = await startEmulator({ seed, clock, conversationsPerDay, faults: options.faults });
  return {
    emulator,
    from: until - 3 * DAY,
    until,
    now,
    quietUntil: now + QUIET_SPAN_MS,
    assertStillQuiet: () =>
      assert.ok(clock.now() <= now + QUIET_SPAN_MS, 'the emulator stayed inside the quiet span (data unchanged)'),
    close: () => emulator.close(),
  };
}

/** Real time, `rate` times faster, from `start`. */
export function tickingClock(start: number, rate: number): Clock {
  const origin = Date.now();
  const now = () => start + (Date.now() - origin) * rate;
  return {
    now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms / rate);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
}
