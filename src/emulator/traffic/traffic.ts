// Deterministic synthetic contact-center traffic: the one source of truth that every emulated report
// (Genesys details, aggregates, observations; CXone contacts and summaries) is derived from. A day
// is generated lazily from (seed, day, queue), so any day costs the same and memory stays bounded.
// Vendor-neutral on purpose: each vendor's routes map `SimConversation` to their own shapes, and
// read it only through `conversationsBetween` (history as of a moment) and `conversationsInProgress`
// (live), so both vendors agree on every number.
import { createRandom, type Random } from '../random.js';
import type { SeedOrg, SeedQueue } from '../seed-org.js';

/**
 * One inbound conversation through one queue, with every duration in milliseconds. Its timeline:
 * `start` (customer enters the queue) -> `waitMs` in queue -> abandoned, or alerting an agent for
 * `alertMs` -> talking `talkMs` -> held `holdMs` -> after-call work `acwMs` -> `end`. Times are epoch
 * milliseconds; a record with `answered: false` has agent durations of 0 and no agent.
 */
export interface SimConversation {
  id: string;
  queueId: string;
  mediaType: SeedQueue['mediaType'];
  /** Customer arrives in the queue. */
  start: number;
  /** Time in queue until answered or abandoned. */
  waitMs: number;
  answered: boolean;
  /** Set when answered. */
  agentId: string | undefined;
  alertMs: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
  transferred: boolean;
  /** Last moment of the conversation (after wrap-up when answered). */
  end: number;
  wrapUpCode: string | undefined;
  /**
   * When the wrap-up code becomes visible: usually at `end`, but for some conversations hours later
   * (reprocessing), which is what forces a re-sync lookback.
   */
  wrapUpAt: number;
  ani: string;
}

interface TrafficOptions {
  /** Conversations per day across all queues (default 2,000). */
  conversationsPerDay?: number;
}

export interface Traffic {
  org: SeedOrg;
  conversationsPerDay: number;
  /** Conversations that started in [fromMs, toMs), in start order, ended or not, as finally recorded (no late hiding). */
  conversationsStarting(fromMs: number, toMs: number): SimConversation[];
  /** The conversation as it looks at `asOfMs` (wrap-up code hidden until it arrives), or undefined if not ended yet. */
  asOf(conversation: SimConversation, asOfMs: number): SimConversation | undefined;
  /** When the record last changed as seen at `asOfMs`. */
  lastUpdated(conversation: SimConversation, asOfMs: number): number;
  /**
   * Adds a conversation beside the generated ones (tests and demos: "a call starts waiting now").
   * Every report sees it, as it sees generated ones.
   */
  inject(conversation: SimConversation): void;
  /** Changes whenever a conversation is injected: views cached per moment are stale after it. */
  readonly revision: number;
}

const DAY = 86_400_000;
/**
 * No conversation lasts longer (email patience is 48 h; talk and wrap-up add at most hours): live
 * views look this far back for conversations still under way.
 */
export const LONGEST_CONVERSATION_MS = 3 * DAY;
/** Latest a conversation's record changes after it ends (late wrap-up codes; Genesys reprocesses up to ~3 days). */
export const LATEST_CHANGE_AFTER_END_MS = 60 * 3600_000;
export const WRAP_UP_CODES = ['Resolved', 'Follow-up', 'Sale', 'Escalated', 'Billing question', 'Wrong number'];
/** Share of the day's arrivals per UTC hour: quiet nights, a late-morning and mid-afternoon peak. */
const HOURLY = [1, 0.6, 0.4, 0.4, 0.5, 1, 2.5, 5, 8, 10, 11, 10, 8.5, 9, 10, 9.5, 8, 6, 4, 3, 2.5, 2, 1.5, 1.2];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);

export function createTraffic(org: SeedOrg, options: TrafficOptions = {}): Traffic {
  const perDay = options.conversationsPerDay ?? 2000;
  const weights = org.queues.map((q) => (q.mediaType === 'voice' ? 3 : q.mediaType === 'chat' ? 2 : 1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const cache = new Map<string, SimConversation[]>();
  // Kept in start order; few (tests add a handful), so a linear merge per read costs nothing.
  const injected: SimConversation[] = [];

  const day = (dayStart: number, queue: SeedQueue, index: number): SimConversation[] => {
    const key = `${dayStart}:${queue.id}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const rng = createRandom(org.seed).fork(`traffic:${key}`);
    const count = Math.round((perDay * (weights[index] ?? 1)) / weightSum);
    const list: SimConversation[] = [];
    for (let i = 0; i < count; i++) list.push(conversation(rng, queue, dayStart));
    list.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
    if (cache.size > 64) cache.delete(cache.keys().next().value as string);
    cache.set(key, list);
    return list;
  };

  const conversation = (rng: Random, queue: SeedQueue, dayStart: number): SimConversation => {
    const start = dayStart + sampleArrival(rng);
    const media = queue.mediaType;
    const patience = media === 'email' ? 48 * 3600_000 : (media === 'chat' ? 240_000 : 150_000) * exp(rng);
    const rawWait = (media === 'email' ? 2 * 3600_000 : media === 'chat' ? 25_000 : 12_000) * exp(rng);
    const answered = queue.memberIds.length > 0 && rawWait <= patience;
    const waitMs = Math.round(answered ? rawWait : patience);
    const talkMs = answered ? Math.round((media === 'email' ? 420_000 : 240_000) * logNormal(rng)) : 0;
    const holdMs = answered && rng.next() < 0.2 ? rng.int(15_000, 120_000) : 0;
    const acwMs = answered ? rng.int(10_000, 90_000) : 0;
    const alertMs = answered ? rng.int(2_000, 9_000) : 0;
    const end = start + waitMs + alertMs + talkMs + holdMs + acwMs;
    const late = answered && rng.next() < 0.1;
    return {
      id: rng.uuid(),
      queueId: queue.id,
      mediaType: media,
      start,
      waitMs,
      answered,
      agentId: answered ? rng.pick(queue.memberIds) : undefined,
      alertMs,
      talkMs,
      holdMs,
      acwMs,
      transferred: answered && rng.next() < 0.05,
      end,
      wrapUpCode: answered ? rng.pick(WRAP_UP_CODES) : undefined,
      // Reprocessing: a tenth of answered conversations get their wrap-up code 1–60 hours late.
      wrapUpAt: late ? end + rng.int(1, LATEST_CHANGE_AFTER_END_MS / 3600_000) * 3600_000 : end,
      ani: `tel:+1555${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
    };
  };

  return {
    org,
    conversationsPerDay: perDay,
    conversationsStarting(fromMs, toMs) {
      const out: SimConversation[] = [];
      for (let d = Math.floor(fromMs / DAY) * DAY; d < toMs; d += DAY) {
        org.queues.forEach((q, i) => {
          const list = day(d, q, i);
          for (let k = firstAtOrAfter(list, fromMs); k < list.length; k++) {
            const c = list[k] as SimConversation;
            if (c.start >= toMs) break;
            out.push(c);
          }
        });
      }
      for (const c of injected) if (c.start >= fromMs && c.start < toMs) out.push(c);
      return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
    },
    inject(c) {
      injected.push(c);
      injected.sort((a, b) => a.start - b.start);
    },
    get revision() {
      return injected.length;
    },
    asOf(c, asOfMs) {
      if (c.end > asOfMs) return undefined;
      return asOfMs >= c.wrapUpAt ? c : { ...c, wrapUpCode: undefined };
    },
    lastUpdated: (c, asOfMs) => (asOfMs >= c.wrapUpAt ? c.wrapUpAt : c.end),
  };
}

/**
 * Ended conversations that started in [fromMs, toMs), each as it looks at `asOfMs` (a late wrap-up
 * code is absent until it arrives), in start order. The history every vendor report is built from:
 * Genesys details and aggregates, CXone completed contacts and skill summaries.
 */
export function conversationsBetween(
  traffic: Traffic,
  fromMs: number,
  toMs: number,
  asOfMs: number,
): SimConversation[] {
  const out: SimConversation[] = [];
  for (const c of traffic.conversationsStarting(fromMs, Math.min(toMs, asOfMs + 1))) {
    const seen = traffic.asOf(c, asOfMs);
    if (seen) out.push(seen);
  }
  return out;
}

type ConversationPhase = 'waiting' | 'alerting' | 'interacting' | 'held' | 'wrapup';

/** Where a started, unfinished conversation is at `atMs`; undefined before its start or from its end. */
export function phaseAt(c: SimConversation, atMs: number): ConversationPhase | undefined {
  if (atMs < c.start || atMs >= c.end) return undefined;
  const answeredAt = c.start + c.waitMs;
  if (atMs < answeredAt) return 'waiting';
  const talkFrom = answeredAt + c.alertMs;
  if (atMs < talkFrom) return 'alerting';
  if (atMs < talkFrom + c.talkMs) return 'interacting';
  if (atMs < talkFrom + c.talkMs + c.holdMs) return 'held';
  return 'wrapup';
}

/** Conversations under way at `atMs` (started, not ended), with their phase: what live views count. */
export function conversationsInProgress(
  traffic: Traffic,
  atMs: number,
): { conversation: SimConversation; phase: ConversationPhase }[] {
  const out: { conversation: SimConversation; phase: ConversationPhase }[] = [];
  for (const c of traffic.conversationsStarting(atMs - LONGEST_CONVERSATION_MS, atMs + 1)) {
    const phase = phaseAt(c, atMs);
    if (phase) out.push({ conversation: c, phase });
  }
  return out;
}

/** Index of the first conversation starting at or after `ms` in a start-ordered list. */
function firstAtOrAfter(list: readonly SimConversation[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as SimConversation).start < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampleArrival(rng: Random): number {
  let r = rng.next() * HOURLY_SUM;
  let hour = 0;
  while (hour < 23 && r >= (HOURLY[hour] ?? 0)) r -= HOURLY[hour++] ?? 0;
  return hour * 3600_000 + Math.floor(rng.next() * 3600_000);
}

/** Exponential with mean 1. */
function exp(rng: Random): number {
  return -Math.log(1 - rng.next());
}

/** Log-normal with median ~0.85 and mean ~1, for handle times. */
function logNormal(rng: Random): number {
  const u = Math.max(1e-9, rng.next());
  const v = rng.next();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.exp(-0.15 + 0.55 * z);
}
