// The long-running daemon: every org gets its own worker (vendors have separate budgets, so one
// slow vendor never holds up the other); each worker runs its streams when they are due, backs off a
// failing stream, and stops at a batch boundary when the signal fires — every batch is one
// transaction with its checkpoint, so stopping (or dying) at any point loses nothing.
import type { Config, OrgConfig } from '../config/index.js';
import { connectOrg, createRuntime, type Runtime, type RuntimeOptions } from '../connect/index.js';
import { CcpulseError, type Clock } from '../core/index.js';
import type { Sink } from '../store/index.js';
import {
  DEFAULT_LOOKBACK_MS,
  DetailsDecoder,
  readStreamCheckpoint,
  runStreams,
  type SyncStream,
} from '../sync/index.js';
import { createDaemonMetrics, type DaemonMetrics, type StreamStatus } from './daemon-metrics.js';
import { createDependencyMonitor, type DependencyCheck, type DependencyState } from './dependency-checks.js';
import { DEFAULT_SCHEDULE, intervalFor, type Schedule } from './schedule.js';
import { createLocalScheduler, type StreamScheduler } from './stream-scheduler.js';

interface DaemonDeps extends RuntimeOptions {
  config: Config;
  sink: Sink;
  /** The process's runtime (token store and budgets shared by replicas with REDIS_URL); built from the options above when absent. */
  runtime?: Runtime;
  schedule?: Schedule;
  /** Where streams without a checkpoint start (default: 3 days before the daemon started). */
  backfillFrom?: number;
  /** How far back the periodic re-read for late changes goes (default 72 h). */
  lookbackMs?: number;
  /** How often a stream re-reads its lookback (default 6 h); runs in between read only new windows. */
  lookbackEveryMs?: number;
  /** Shares the schedule between replicas (PostgreSQL leases); default: this process alone. */
  scheduler?: StreamScheduler;
  /** How often a running stream's lease is renewed (default 20 s, a third of the lease). */
  heartbeatMs?: number;
  /** Called after every stream run (tests and progress output). */
  onStreamRun?(status: StreamStatus): void;
  /** PostgreSQL, Redis: checked when /healthz or /metrics asks (built where the process is wired). */
  dependencies?: DependencyCheck[];
  /** How long past its interval a stream may go without a commit before /healthz fails (default: max(60 s, the interval)). */
  healthSlackMs?: number;
}

interface OrgStatus {
  org: string;
  connected: boolean;
  lastError?: string;
  consecutiveFailures: number;
}

export interface DaemonHealth {
  status: 'starting' | 'ok' | 'degraded' | 'stopping';
  /** Every org connected and every stream run at least once by this process (one-process setups). */
  firstCycleDone: boolean;
  /** What is wrong, one line each, naming the dependency or stream (empty when healthy). */
  problems: string[];
  /** PostgreSQL, Redis and each org's vendor: up or down, and why. */
  dependencies: DependencyState[];
  streams: StreamStatus[];
  orgs: OrgStatus[];
}

export interface Daemon {
  metrics: DaemonMetrics;
  /** The health as last known (dependencies as last checked). */
  health(): DaemonHealth;
  /** Checks the dependencies first (a short deadline each), then reports. */
  checkHealth(): Promise<DaemonHealth>;
  /** Streams whose run is under way now (what a stop that cannot wait would abandon). */
  inProgress(): string[];
  /** Runs until the signal fires, then resolves once the current batches have ended. */
  run(signal: AbortSignal): Promise<void>;
}

/** Failed runs in a row before /healthz reports the daemon degraded. */
const UNHEALTHY_AFTER_FAILURES = 3;
const FIRST_RETRY_MS = 30_000;
/** Replicas look for work at least this often (a stream another replica released early). */
const MAX_IDLE_MS = 5_000;
const DEFAULT_LOOKBACK_EVERY_MS = 6 * 3600_000;
/**
 * Runs between the full lookbacks read this much again: conversations still under way at the last
 * read end within it (the rare longer ones, e-mails, are caught by the next full lookback).
 */
const RECENT_REREAD_MS = 2 * 3600_000;

/** Failures that mean the vendor (or the way to it) is down, not ccpulse's own dependencies. */
const VENDOR_OUTAGE_CODES = new Set([
  'NETWORK_ERROR',
  'REQUEST_TIMEOUT',
  'SERVER_ERROR',
  'TOKEN_ENDPOINT_UNREACHABLE',
  'TOKEN_ENDPOINT_SERVER_ERROR',
  'RATE_LIMITED',
  'TOKEN_RATE_LIMITED',
]);

export function createDaemon(deps: DaemonDeps): Daemon {
  const runtime = deps.runtime ?? createRuntime(deps);
  const { clock, logger } = runtime;
  const schedule = deps.schedule ?? DEFAULT_SCHEDULE;
  const streams = new Map<string, StreamStatus>();
  const orgs = new Map<string, OrgStatus>();
  let stopping = false;
  const lastLookback = new Map<string, number>();
  const scheduler = deps.scheduler ?? createLocalScheduler();
  const heartbeatMs = deps.heartbeatMs ?? 20_000;
  const monitor = createDependencyMonitor(deps.dependencies ?? []);
  /** Async jobs' result pages are decoded on its thread: started with the first, ended when run() returns. */
  const jobPages = new DetailsDecoder();
  /** When this process first knew each stream: the age of a stream that never committed counts from here. */
  const knownSince = new Map<string, number>();
  const orgOfStream = new Map<string, string>();
  const running = new Set<string>();
  /** The shared schedule's last failure ("scheduler unavailable"), until a claim works again. */
  let schedulerFailure: { error: string; inARow: number } | undefined;
  const metrics = createDaemonMetrics({
    now: () => clock.now(),
    streams: () => [...streams.values()],
    dependencies: async () => (await checkHealth()).dependencies,
  });

  const retryDelay = (failures: number, interval: number) =>
    Math.min(interval, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 10));

  async function runOrg(org: OrgConfig, signal: AbortSignal, backfillFrom: number): Promise<void> {
    const label = `${org.vendor}:${org.name}`;
    const orgStatus: OrgStatus = { org: label, connected: false, consecutiveFailures: 0 };
    orgs.set(label, orgStatus);
    let orgStreams: SyncStream[] | undefined;
    let names: string[] = [];
    while (!signal.aborted) {
      if (!orgStreams) {
        try {
          // Connected once for the daemon's lifetime, so /metrics reads this org's token counts and budget.
          const connection = await connectOrg(org, runtime, { observer: metrics.observerFor(org.vendor, org.name) });
          metrics.addOrg({ vendor: org.vendor, org: org.name, tokens: connection.tokens, budget: connection.budget });
          orgStreams = connection.streams();
          names = orgStreams.map((s) => s.name);
          await scheduler.register(names, clock.now());
          Object.assign(orgStatus, { connected: true, lastError: undefined, consecutiveFailures: 0 });
          for (const name of names) {
            streams.set(name, streams.get(name) ?? { stream: name, consecutiveFailures: 0 });
            if (!knownSince.has(name)) knownSince.set(name, clock.now());
            orgOfStream.set(name, label);
          }
        } catch (error) {
          if (signal.aborted) break;
          orgStreams = undefined;
          orgStatus.consecutiveFailures++;
          orgStatus.lastError = error instanceof Error ? error.message : String(error);
          logger.error({ org: label, err: orgStatus.lastError }, 'cannot connect the org; retrying');
          await sleepQuietly(clock, retryDelay(orgStatus.consecutiveFailures, 15 * 60_000), signal);
          continue;
        }
      }
      let claimed: string | undefined;
      try {
        const now = clock.now();
        claimed = await scheduler.claim(names, now);
        schedulerFailure = undefined;
        if (claimed === undefined) {
          const wake = await scheduler.nextWake(names, now);
          await sleepQuietly(clock, Math.min(Math.max(wake - now, 0), MAX_IDLE_MS), signal);
          continue;
        }
      } catch (error) {
        // The shared schedule is unreachable (PostgreSQL down): wait and ask again; /healthz says so meanwhile.
        const err = error instanceof Error ? error.message : String(error);
        schedulerFailure = { error: err, inARow: (schedulerFailure?.inARow ?? 0) + 1 };
        metrics.schedulerFailed('claim');
        logger.error({ org: label, err }, 'scheduler unavailable');
        // Asking is cheap: 2 s, doubling to 30 s, so work resumes soon after the database is back.
        await sleepQuietly(
          clock,
          Math.min(FIRST_RETRY_MS, 2000 * 2 ** Math.min(schedulerFailure.inARow - 1, 4)),
          signal,
        );
        continue;
      }
      const stream = orgStreams.find((s) => s.name === claimed);
      if (!stream) continue;
      const interval = intervalFor(schedule, stream.name);
      const run = new AbortController();
      const stopRun = () => run.abort(signal.reason);
      signal.addEventListener('abort', stopRun, { once: true });
      // A lease only exists with a shared scheduler; this process alone needs no heartbeat.
      const heartbeat = deps.scheduler ? keepLease(stream.name, run) : { stop() {} };
      running.add(stream.name);
      const status = await runStream(stream, run.signal, backfillFrom).finally(() => {
        running.delete(stream.name);
        signal.removeEventListener('abort', stopRun);
        heartbeat.stop();
      });
      if (!status) {
        // Stopped (hand the stream straight to another replica) or the lease was lost (nothing to release).
        if (signal.aborted) await scheduler.release(stream.name, clock.now()).catch(() => undefined);
        continue;
      }
      // Fixed rate: the next run is due an interval after this one started, not after it ended.
      const started = status.lastStartedAt ?? clock.now();
      await scheduler
        .release(
          stream.name,
          status.consecutiveFailures > 0
            ? clock.now() + retryDelay(status.consecutiveFailures, interval)
            : Math.max(clock.now(), started + interval),
        )
        .catch((error: unknown) => {
          metrics.schedulerFailed('release');
          logger.error({ stream: stream.name, err: String(error) }, 'could not release the lease; it will expire');
        });
    }
  }

  /** Renews the lease while a stream runs; aborts the run when another replica has taken it over. */
  function keepLease(stream: string, run: AbortController): { stop(): void } {
    const stop = new AbortController();
    void (async () => {
      while (!stop.signal.aborted) {
        await sleepQuietly(clock, heartbeatMs, stop.signal);
        if (stop.signal.aborted) return;
        // An unreachable schedule is no proof another replica took over: keep running, but count it.
        const held = await scheduler.renew(stream, clock.now()).catch((error: unknown) => {
          metrics.schedulerFailed('renew');
          logger.warn({ stream, err: String(error) }, 'could not renew the lease');
          return true;
        });
        if (!held) {
          logger.warn({ stream }, 'lease lost to another replica; stopping this run');
          run.abort(new Error('lease lost'));
          return;
        }
      }
    })();
    return { stop: () => stop.abort() };
  }

  /** One run of one stream; undefined when it was stopped by the signal. */
  async function runStream(stream: SyncStream, signal: AbortSignal, backfillFrom: number) {
    const status = streams.get(stream.name) ?? { stream: stream.name, consecutiveFailures: 0 };
    const started = clock.now();
    // Re-reading 72 h every few minutes would spend the budget on unchanged data: the full lookback
    // runs at start and then every lookbackEveryMs; runs in between continue from the watermark.
    const lookbackDue =
      started - (lastLookback.get(stream.name) ?? Number.NEGATIVE_INFINITY) >=
      (deps.lookbackEveryMs ?? DEFAULT_LOOKBACK_EVERY_MS);
    let outcome: Awaited<ReturnType<typeof runStreams>>[number] | undefined;
    try {
      [outcome] = await runStreams(
        [stream],
        {
          sink: deps.sink,
          jobPages,
          clock,
          logger,
          signal,
          onRows: (name, n) => {
            // Rows are reported once their batch (with its checkpoint) has committed.
            metrics.rowsSynced(name, n);
            const s = streams.get(name);
            if (s) s.lastCommitAt = clock.now();
          },
        },
        {
          backfillFrom,
          lookbackMs: deps.lookbackMs ?? DEFAULT_LOOKBACK_MS,
          rereadMs: lookbackDue ? undefined : RECENT_REREAD_MS,
          windowTimeoutMs: runtime.limits.windowTimeoutMs,
        },
      );
    } catch (error) {
      if (signal.aborted) return undefined;
      throw error;
    }
    const ended = clock.now();
    status.lastStartedAt = started;
    status.lastRunAt = ended;
    status.lastRows = outcome?.rows ?? 0;
    if (outcome?.error) {
      status.consecutiveFailures++;
      status.lastError = outcome.error.message;
      status.lastErrorCode = outcome.error instanceof CcpulseError ? outcome.error.code : undefined;
      status.lastErrorKind = outcome.error instanceof CcpulseError ? outcome.error.kind : undefined;
    } else {
      status.consecutiveFailures = 0;
      status.lastError = undefined;
      status.lastErrorCode = undefined;
      status.lastErrorKind = undefined;
      status.lastSuccessAt = ended;
      status.lastCommitAt = ended;
      if (lookbackDue) lastLookback.set(stream.name, started);
    }
    // For /healthz only: with the database unreachable the last known watermark stands (the run's own
    // failure already says why), and the worker must live on to recover when the database is back.
    status.watermark = await deps.sink
      .readCheckpoint(stream.name)
      .then((checkpoint) => readStreamCheckpoint(checkpoint)?.watermark)
      .catch(() => status.watermark);
    streams.set(stream.name, status);
    metrics.streamRun(stream.name, !outcome?.error, (ended - started) / 1000);
    deps.onStreamRun?.({ ...status });
    return status;
  }

  /**
   * Healthy means every stream commits within its interval plus slack, and nothing it needs is down.
   * With a shared schedule a stream may run on another replica: this one judges the streams it has
   * started within that time (the replica running a stream answers for it).
   */
  function health(): DaemonHealth {
    const now = clock.now();
    const list = [...streams.values()];
    const orgList = [...orgs.values()];
    const problems: string[] = [];
    const dependencies = monitor.current().map((d) => ({ ...d }));
    if (schedulerFailure) {
      const detail = `stream leases: ${schedulerFailure.error} (${schedulerFailure.inARow} failed claim(s) in a row)`;
      const pgState = dependencies.find((d) => d.name === 'PostgreSQL');
      if (pgState) Object.assign(pgState, { up: false, detail: pgState.up ? detail : pgState.detail });
      else dependencies.push({ name: 'PostgreSQL', up: false, detail });
    }
    for (const d of dependencies) if (!d.up) problems.push(`${d.name} is down: ${d.detail ?? 'no answer'}`);
    for (const o of orgList) {
      const outage = o.connected
        ? list.find(
            (s) =>
              orgOfStream.get(s.stream) === o.org &&
              s.consecutiveFailures > 0 &&
              VENDOR_OUTAGE_CODES.has(s.lastErrorCode ?? ''),
          )?.lastError
        : o.lastError;
      const vendor = { name: `vendor ${o.org}`, up: outage === undefined, ...(outage ? { detail: outage } : {}) };
      dependencies.push(vendor);
      if (outage) problems.push(`vendor ${o.org} is unreachable or failing: ${outage}`);
    }
    for (const s of list) {
      const interval = intervalFor(schedule, s.stream);
      const allowed = interval + (deps.healthSlackMs ?? Math.max(60_000, interval));
      if (deps.scheduler && (s.lastStartedAt === undefined || now - s.lastStartedAt > allowed)) continue;
      const since = s.lastCommitAt ?? knownSince.get(s.stream) ?? now;
      if (now - since > allowed)
        problems.push(
          `stream ${s.stream} has not committed for ${Math.round((now - since) / 1000)} s (due every ${Math.round(interval / 1000)} s)${s.lastError ? `; last error: ${s.lastError}` : ''}`,
        );
      else if (s.consecutiveFailures >= UNHEALTHY_AFTER_FAILURES)
        problems.push(`stream ${s.stream} failed ${s.consecutiveFailures} runs in a row: ${s.lastError}`);
    }
    const ran = list.filter((s) => s.lastRunAt !== undefined);
    const status = stopping ? 'stopping' : problems.length > 0 ? 'degraded' : ran.length > 0 ? 'ok' : 'starting';
    const firstCycleDone =
      orgList.length === deps.config.orgs.length &&
      orgList.every((o) => o.connected) &&
      list.length > 0 &&
      ran.length === list.length;
    return {
      status,
      firstCycleDone,
      problems,
      dependencies,
      streams: list.map((s) => ({ ...s })),
      orgs: orgList.map((o) => ({ ...o })),
    };
  }

  async function checkHealth(): Promise<DaemonHealth> {
    await monitor.refresh();
    return health();
  }

  return {
    metrics,
    health,
    checkHealth,
    inProgress: () => [...running],
    async run(signal) {
      const backfillFrom = deps.backfillFrom ?? clock.now() - 3 * 86_400_000;
      const onAbort = () => {
        stopping = true;
      };
      signal.addEventListener('abort', onAbort, { once: true });
      logger.info({ orgs: deps.config.orgs.map((o) => `${o.vendor}:${o.name}`) }, 'daemon started');
      try {
        await Promise.all(deps.config.orgs.map((org) => runOrg(org, signal, backfillFrom)));
      } finally {
        await jobPages.close();
        signal.removeEventListener('abort', onAbort);
        logger.info('daemon stopped');
      }
    },
  };
}

async function sleepQuietly(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  try {
    await clock.sleep(Math.max(0, ms), signal);
  } catch {
    // Aborted: the loop condition sees the signal.
  }
}
