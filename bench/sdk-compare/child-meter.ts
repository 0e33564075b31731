// What each workload child measures about itself (wall and CPU time since the process started, peak
// RSS, time to the first API response) and a digest of the data it read, printed as one JSON line.
// Imports nothing from ccpulse, so the SDK's child loads only the SDK.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Sums and counts that must come out equal when both sides read the same data. */
export interface DataDigest {
  /** Queue intervals (group x bucket) over all aggregates queries. */
  aggregateRows: number;
  offered: number;
  handleMs: number;
  /** Distinct conversations from the details paging. */
  conversations: number;
  /** sha256 of the sorted conversation ids, one per line. */
  conversationIdsSha256: string;
  conversationHandleMs: number;
}

export interface ChildReport {
  side: 'ccpulse' | 'sdk' | 'baseline';
  /** Process start to the end of the workload. */
  wallMs: number;
  /** User + system CPU of the whole process. */
  cpuMs: number;
  peakRssMiB: number;
  peakRssSource: 'VmHWM' | 'sampled every 20 ms';
  /** Process start to the first successful API response (module loading and the token included). */
  coldStartMs: number;
  /** HTTP attempts to the API as the client saw them (retries included; token requests not). */
  requests: number;
  status429: number;
  status401: number;
  /** Retry-After waits after 429s, summed over calls (parallel waits add up); ccpulse's pacing is not in it. */
  retryWaitMs: number;
  data: DataDigest;
}

export interface DigestBuilder {
  addAggregateRow(offered: number, handleMs: number): void;
  /** A conversation seen twice (pages shift while data arrives) counts once, as in ccpulse's paging. */
  addConversation(id: string, handleMs: number): void;
  result(): DataDigest;
}

export function digestBuilder(): DigestBuilder {
  const ids = new Set<string>();
  const d = { aggregateRows: 0, offered: 0, handleMs: 0, conversationHandleMs: 0 };
  return {
    addAggregateRow(offered, handleMs) {
      d.aggregateRows++;
      d.offered += offered;
      d.handleMs += handleMs;
    },
    addConversation(id, handleMs) {
      if (ids.has(id)) return;
      ids.add(id);
      d.conversationHandleMs += handleMs;
    },
    result: () => ({
      ...d,
      conversations: ids.size,
      conversationIdsSha256: createHash('sha256')
        .update([...ids].sort().join('\n'))
        .digest('hex'),
    }),
  };
}

export interface Meter {
  /** Call after every successful API response: the first one sets the cold start. */
  responded(): void;
  /** Prints the report and exits (pending keep-alive sockets or SDK file watchers must not hold the process). */
  finish(report: Omit<ChildReport, 'wallMs' | 'cpuMs' | 'peakRssMiB' | 'peakRssSource' | 'coldStartMs'>): void;
}

/** The kernel's own peak RSS of this process since exec (Linux), or undefined elsewhere. */
function highWaterMarkBytes(): number | undefined {
  try {
    const kB = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kB === undefined ? undefined : Number(kB) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Peak RSS from Linux's VmHWM: exact, and free. A timer sampling RSS every 10-20 ms costs this VM
 * 11-21 ms of CPU per second in wakeups alone, which would bill the longer-running side 1-2 s of CPU
 * that is not its work; process.resourceUsage().maxRSS is no substitute either, since a spawned
 * child inherits the parent's RSS at fork in it. Elsewhere: sampled every 20 ms and at the end.
 */
export function startMeter(): Meter {
  const useHwm = highWaterMarkBytes() !== undefined;
  let sampledPeak = process.memoryUsage.rss();
  const sample = () => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  };
  const sampler = useHwm ? undefined : setInterval(sample, 20);
  sampler?.unref();
  let coldStartMs: number | undefined;
  return {
    responded() {
      // performance.now() counts from the process's time origin, i.e. from when node started.
      coldStartMs ??= performance.now();
    },
    finish(report) {
      const wallMs = performance.now();
      const cpu = process.cpuUsage();
      sample();
      clearInterval(sampler);
      const peak = Math.max(sampledPeak, (useHwm && highWaterMarkBytes()) || 0);
      const full: ChildReport = {
        ...report,
        wallMs: Math.round(wallMs),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        peakRssMiB: Number((peak / 2 ** 20).toFixed(1)),
        peakRssSource: useHwm ? 'VmHWM' : 'sampled every 20 ms',
        coldStartMs: Math.round(coldStartMs ?? Number.NaN),
      };
      process.stdout.write(`${JSON.stringify(full)}\n`, () => process.exit(0));
    },
  };
}

/** A failed child says why in one line without echoing request objects (they carry the bearer token). */
export function failChild(side: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${side} workload failed: ${message.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]')}\n`);
  process.exit(1);
}
