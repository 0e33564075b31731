// Owns one cached token set per key (vendor, org, client, scopes | user): refreshes it early, makes
// exactly one token request however many callers wait, and stores a new token set (with its rotated
// refresh token) before any caller gets the new access token.
import { type Clock, describeError, type Logger, silentLogger, systemClock } from '../core/index.js';
import { refreshAt, type TokenSet } from './token-set.js';
import { MemoryTokenStore, type StoredToken, type TokenStore } from './token-store.js';

/** What the HTTP layer needs: a bearer token, and a way to say "the server rejected this one". */
export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  invalidate(token: string): void;
}

/**
 * A store several processes share (RedisTokenStore): it also lets one process at a time refresh a key,
 * so that across all of them one token request is made per token lifetime.
 */
export interface SharedTokenStore extends TokenStore {
  /** Runs `refresh` while no other process runs a refresh of `key`. */
  withRefreshLock<T>(key: string, refresh: () => Promise<T>): Promise<T>;
}

function isShared(store: TokenStore): store is SharedTokenStore {
  return typeof (store as Partial<SharedTokenStore>).withRefreshLock === 'function';
}

export interface TokenManagerOptions {
  key: string;
  /** Gets a new token set; receives the current one (the refresh-token grant needs it). */
  obtain(current: StoredToken | undefined): Promise<TokenSet>;
  store?: TokenStore;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

export interface TokenManagerStats {
  /** Calls to obtain(): token endpoint requests made by this manager. */
  tokenRequests: number;
  /** Of those, the ones that replaced a token this manager already had (early refresh, expiry, 401). */
  refreshes: number;
  failures: number;
}

export class TokenManager implements TokenProvider {
  readonly key: string;
  readonly stats: TokenManagerStats = { tokenRequests: 0, refreshes: 0, failures: 0 };
  readonly #options: TokenManagerOptions;
  readonly #store: TokenStore;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #logger: Logger;
  #current: StoredToken | undefined;
  #loading: Promise<void> | undefined;
  #inflight: Promise<StoredToken> | undefined;

  constructor(options: TokenManagerOptions) {
    this.key = options.key;
    this.#options = options;
    this.#store = options.store ?? new MemoryTokenStore();
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? silentLogger;
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    return (await this.current()).accessToken.reveal();
  }

  /** The valid token set, refreshing it first when it is due. */
  async current(): Promise<StoredToken> {
    this.#loading ??= this.#store.get(this.key).then((stored) => {
      this.#current ??= stored;
    });
    await this.#loading;
    const now = this.#clock.now();
    const current = this.#current;
    if (current && now < current.refreshAt) return current;
    const refreshed = this.#refresh();
    if (current && now < current.expiresAt) {
      // Early refresh: if it fails, the token still works until it expires.
      return refreshed.catch((error: unknown) => {
        this.#logger.warn(
          { key: this.key, err: describeError(error) },
          'early token refresh failed; using the current token until it expires',
        );
        return current;
      });
    }
    return refreshed;
  }

  /** Drops the cached token if it is still `token` (a 401 for it), so the next call gets a new one. */
  invalidate(token: string): void {
    const current = this.#current;
    if (current && current.accessToken.reveal() === token) {
      this.#current = { ...current, refreshAt: 0, expiresAt: 0 };
    }
  }

  /** Forgets the token set here and in the store (logout). */
  async clear(): Promise<void> {
    this.#current = undefined;
    await this.#store.delete(this.key);
  }

  #refresh(): Promise<StoredToken> {
    this.#inflight ??= (async () => {
      try {
        const store = this.#store;
        return isShared(store)
          ? await store.withRefreshLock(this.key, () => this.#adoptOrObtain(store))
          : await this.#obtain(this.#current);
      } catch (error) {
        this.stats.failures++;
        throw error;
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }

  /**
   * Under the cross-process lock: another process may have refreshed while this one waited, so the
   * store is read again. Its set is used if it is another token not yet due; otherwise the refresh
   * starts from it, because with rotation only the newest refresh token is still alive.
   */
  async #adoptOrObtain(store: SharedTokenStore): Promise<StoredToken> {
    const stored = await store.get(this.key);
    const mine = this.#current;
    if (stored && stored.accessToken.reveal() !== mine?.accessToken.reveal() && this.#clock.now() < stored.refreshAt) {
      this.#current = stored;
      this.#logger.debug({ key: this.key }, 'token refreshed by another process; using it');
      return stored;
    }
    return this.#obtain(stored ?? mine);
  }

  async #obtain(basis: StoredToken | undefined): Promise<StoredToken> {
    this.stats.tokenRequests++;
    if (this.#current) this.stats.refreshes++;
    const set = await this.#options.obtain(basis);
    const stored: StoredToken = { ...set, refreshAt: refreshAt(set, this.#random) };
    // Persist first: with rotation the old refresh token is already dead.
    await this.#store.set(this.key, stored);
    this.#current = stored;
    this.#logger.debug({ key: this.key, expiresAt: new Date(stored.expiresAt).toISOString() }, 'token obtained');
    return stored;
  }
}
