// Where the dashboard keeps server-side state between requests: sessions and pending logins, as
// opaque (already encrypted) strings with an expiry. One small interface so Redis or the SQL store
// can back it when several processes serve the dashboard; memory is the default.
import type { Clock } from '../core/index.js';

export interface SessionStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` until `expiresAt` (epoch ms of the injected clock). */
  set(key: string, value: string, expiresAt: number): Promise<void>;
  /** Reads and deletes in one step, so a one-time record (a pending login) is used at most once even by concurrent requests. */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /**
   * Runs `body` while no other process sharing this store runs one for `key` (a session's token
   * refresh). Absent for a store only this process uses: the token manager's single flight suffices.
   */
  withLock?<T>(key: string, body: () => Promise<T>): Promise<T>;
  /** Resolves when a store in another server (Redis) answers; absent for memory, which cannot be down. */
  ping?(): Promise<void>;
  /** What /healthz calls it, e.g. "Redis". */
  readonly kind?: string;
}

/** In-process store; expired entries are dropped when read and swept as the map grows. */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #clock: Clock;
  #sweepAt = 1024;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value;
  }

  async set(key: string, value: string, expiresAt: number): Promise<void> {
    this.#entries.set(key, { value, expiresAt });
    if (this.#entries.size >= this.#sweepAt) this.#sweep();
  }

  async take(key: string): Promise<string | undefined> {
    const entry = this.#live(key);
    this.#entries.delete(key);
    return entry?.value;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #live(key: string) {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    // Sweep again only after the live set has doubled, so a large store costs O(1) per write on average.
    this.#sweepAt = Math.max(1024, this.#entries.size * 2);
  }
}
