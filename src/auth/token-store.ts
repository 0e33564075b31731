// Where token sets live between uses. One interface so the daemon can keep them in memory, a file
// (encrypted, 0600) or Redis (shared by replicas) without the TokenManager knowing which.
import type { TokenSet } from './token-set.js';

export interface StoredToken extends TokenSet {
  /** When to refresh (early, with jitter), fixed when the token was obtained. */
  refreshAt: number;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, StoredToken>();

  async get(key: string): Promise<StoredToken | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.#entries.set(key, token);
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}
