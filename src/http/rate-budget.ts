// Spends the vendor's request window and never more: at most `perMinute` requests reach the server in
// any trailing window (Genesys: 300 per 60 s per client-credentials token, or less when its
// `inin-ratelimit-*` headers say so). While the window has room a request goes at once; once it is
// full, each waiting request goes exactly when the oldest one in the window leaves it, so an overflow
// is spread at the cadence of the burst it follows, never earlier and never later.
import { type Clock, systemClock } from '../core/index.js';

/** Call once the request's answer (or its failure) is in: until then it may still be reaching the server. */
export type ReleasePermit = () => void;

export interface RateBudget {
  /** Waits until one request may be sent. */
  acquire(signal?: AbortSignal): Promise<ReleasePermit>;
  /** Reads `inin-ratelimit-*` headers of a response (before its permit is released). */
  observe(headers: Headers): void;
  /** Nobody sends before this time (a 429's Retry-After). */
  pauseUntil(epochMs: number): void;
  /** Requests that may be sent now; for metrics. */
  available(): number;
}

interface WindowBudgetOptions {
  /** Requests allowed in any window. */
  perMinute: number;
  /** The vendor's window; default 60 s. */
  windowMs?: number;
  /**
   * A request whose permit was never released (its process died) is taken to have reached the server
   * by this long after it was sent; default 2 min, above any request timeout.
   */
  unsettledMs?: number;
  clock?: Clock;
}

/** A request waiting in a budget's queue for its permit. */
export interface PermitWaiter {
  resolve(release: ReleasePermit): void;
  reject(reason: unknown): void;
}

/**
 * Queues a waiter (with the budget's own fields in `extra`) and starts the budget's loop. The abort
 * listener goes when the waiter is served or fails: a daemon's signal lives for days, and one listener
 * per request used to pile up on it (MaxListenersExceededWarning).
 */
export function waitForPermit<W extends PermitWaiter>(
  queue: W[],
  extra: Omit<W, keyof PermitWaiter>,
  signal: AbortSignal | undefined,
  pump: () => void,
): Promise<ReleasePermit> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      const i = queue.indexOf(waiter);
      if (i >= 0) queue.splice(i, 1);
      reject(signal?.reason);
    };
    const waiter = {
      ...extra,
      resolve: (release: ReleasePermit) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      },
      reject: (reason: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(reason);
      },
    } as W;
    queue.push(waiter);
    signal?.addEventListener('abort', onAbort, { once: true });
    pump();
  });
}

export const DEFAULT_WINDOW_MS = 60_000;
export const DEFAULT_UNSETTLED_MS = 120_000;

/** What a response's `inin-ratelimit-*` headers say about the server's own window. */
interface ServerWindow {
  allowed: number;
  count: number;
  /** Until the server's count resets; undefined when the header is absent. */
  resetMs: number | undefined;
}

export function readRateHeaders(headers: Headers): ServerWindow | undefined {
  const allowed = Number(headers.get('inin-ratelimit-allowed'));
  const count = Number(headers.get('inin-ratelimit-count'));
  const reset = Number(headers.get('inin-ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(allowed) || !Number.isFinite(count) || allowed <= 0) return undefined;
  return { allowed, count, resetMs: Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined };
}

/** One sent request: by when it reached the server at the latest (its answer, or a bound while it is out). */
interface Sent {
  reachedBy: number;
}

export class WindowBudget implements RateBudget {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #unsettledMs: number;
  /** The server's allowance when it is lower than ours. */
  #allowed = Number.POSITIVE_INFINITY;
  /** Requests still counted by some trailing window. */
  #sent: Sent[] = [];
  /** Set when the server counts more than we sent (someone else uses the token): what it still allows. */
  #server: { remaining: number; until: number } | undefined;
  #pausedUntil = 0;
  readonly #queue: PermitWaiter[] = [];
  #pumping = false;
  /** Wakes the pump early when a release or a signal may have freed room. */
  #wake: AbortController | undefined;

  constructor(options: WindowBudgetOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#limit = Math.max(1, Math.floor(options.perMinute));
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.#unsettledMs = options.unsettledMs ?? DEFAULT_UNSETTLED_MS;
  }

  acquire(signal?: AbortSignal): Promise<ReleasePermit> {
    return waitForPermit(this.#queue, {}, signal, () => void this.#pump());
  }

  /** One loop hands out permits in arrival order, so only one timer sleeps however many wait. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.#clock.now();
        const waitUntil = this.#blockedUntil(now);
        if (waitUntil === undefined) {
          this.#queue.shift()?.resolve(this.#grant(now));
          continue;
        }
        this.#wake = new AbortController();
        await this.#clock.sleep(Math.max(1, waitUntil - now), this.#wake.signal).catch(() => undefined);
        this.#wake = undefined;
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** When the next request may go, or undefined if it may go now. */
  #blockedUntil(now: number): number | undefined {
    if (now < this.#pausedUntil) return this.#pausedUntil;
    this.#sent = this.#sent.filter((s) => s.reachedBy > now - this.#windowMs);
    const limit = Math.min(this.#limit, this.#allowed);
    if (this.#sent.length >= limit) {
      // The window has room again when enough of its oldest requests have left it.
      const leaving = this.#sent.map((s) => s.reachedBy).sort((a, b) => a - b);
      return (leaving[this.#sent.length - limit] ?? now) + this.#windowMs;
    }
    if (this.#server && now >= this.#server.until) this.#server = undefined;
    if (this.#server && this.#server.remaining <= 0) return this.#server.until;
    return undefined;
  }

  #grant(now: number): ReleasePermit {
    const sent: Sent = { reachedBy: now + this.#unsettledMs };
    this.#sent.push(sent);
    if (this.#server) this.#server.remaining--;
    return () => {
      const at = this.#clock.now();
      if (at < sent.reachedBy) {
        sent.reachedBy = at;
        this.#wake?.abort();
      }
    };
  }

  observe(headers: Headers): void {
    const server = readRateHeaders(headers);
    if (!server) return;
    const now = this.#clock.now();
    this.#allowed = server.allowed < this.#limit ? server.allowed : Number.POSITIVE_INFINITY;
    const counted = this.#sent.filter((s) => s.reachedBy > now - this.#windowMs);
    // The server's window lies within our trailing one, so it cannot count more of ours than we sent:
    // a higher count is someone else's use of the token, and its allowance then binds us too.
    if (server.count <= counted.length) return;
    const outstanding = counted.filter((s) => s.reachedBy > now).length;
    // Our requests still out may not be in its count yet (this answer's own request is).
    this.#server = {
      remaining: server.allowed - server.count - Math.max(0, outstanding - 1),
      until: now + (server.resetMs ?? this.#windowMs),
    };
    this.#wake?.abort();
  }

  pauseUntil(epochMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, epochMs);
  }

  available(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return 0;
    const inWindow = this.#sent.filter((s) => s.reachedBy > now - this.#windowMs).length;
    const free = Math.max(0, Math.min(this.#limit, this.#allowed) - inWindow);
    return this.#server && now < this.#server.until ? Math.max(0, Math.min(free, this.#server.remaining)) : free;
  }
}
