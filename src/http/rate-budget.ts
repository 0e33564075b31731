// Keeps a client under the vendor's request limit instead of bouncing off it. A token bucket whose
// burst plus one minute of refill never exceeds the per-minute limit, so no 60-second window (fixed
// or sliding) sees more than the limit; it also adopts the server's own count when that is lower
// (other processes share the allowance) and pauses everyone on a 429.
import { type Clock, systemClock } from '../core/index.js';

export interface RateBudget {
  /** Waits until one request may be sent. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Reads `inin-ratelimit-*` headers of a response. */
  observe(headers: Headers): void;
  /** Nobody sends before this time (a 429's Retry-After). */
  pauseUntil(epochMs: number): void;
  /** Requests that may be sent now; for metrics. */
  available(): number;
}

export interface TokenBucketOptions {
  perMinute: number;
  /** Share of the limit usable as an instant burst; default 10 %. */
  burstShare?: number;
  clock?: Clock;
}

export class TokenBucketBudget implements RateBudget {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;
  readonly #queue: { resolve: () => void; reject: (reason: unknown) => void }[] = [];
  #pumping = false;

  constructor(options: TokenBucketOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#capacity = Math.max(1, Math.floor(options.perMinute * (options.burstShare ?? 0.1)));
    this.#perMs = (options.perMinute - this.#capacity) / 60_000;
    this.#tokens = this.#capacity;
    this.#updatedAt = this.#clock.now();
  }

  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      // The listener goes when the waiter is served: a daemon's signal lives for days.
      const onAbort = () => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      this.#queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.#pump();
    });
  }

  /** One loop hands out tokens in arrival order, so only one timer sleeps however many wait. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.#refill();
        if (now < this.#pausedUntil) {
          await this.#clock.sleep(this.#pausedUntil - now);
        } else if (this.#tokens >= 1) {
          this.#tokens -= 1;
          this.#queue.shift()?.resolve();
        } else {
          await this.#clock.sleep(Math.max(1, Math.ceil((1 - this.#tokens) / this.#perMs)));
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  observe(headers: Headers): void {
    const allowed = Number(headers.get('inin-ratelimit-allowed'));
    const count = Number(headers.get('inin-ratelimit-count'));
    const reset = Number(headers.get('inin-ratelimit-reset'));
    if (!Number.isFinite(allowed) || !Number.isFinite(count) || allowed <= 0) return;
    const remaining = allowed - count;
    this.#refill();
    if (remaining < this.#tokens) this.#tokens = Math.max(0, remaining);
    if (remaining <= 0 && Number.isFinite(reset) && reset > 0) this.pauseUntil(this.#clock.now() + reset * 1000);
  }

  pauseUntil(epochMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, epochMs);
  }

  available(): number {
    this.#refill();
    return Math.floor(this.#tokens);
  }

  #refill(): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#perMs);
    this.#updatedAt = now;
    return now;
  }
}
