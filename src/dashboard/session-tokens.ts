// The signed-in user's token for API calls: one TokenManager per session (single flight, early
// refresh) whose store is the session itself, so a rotated refresh token is sealed into the session
// before the new access token is used. Refreshes happen here, on the server; the browser never sees one.
import {
  type AuthProfile,
  authCodeClient,
  refreshAt,
  refreshUserToken,
  type SharedTokenStore,
  TokenManager,
  type TokenProvider,
} from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import { SessionExpiredError } from './dashboard-errors.js';
import { type Session, type SessionVault, sessionStoreKey } from './session-vault.js';

export interface SessionTokensOptions {
  vault: SessionVault;
  clock: Clock;
  logger: Logger;
  profileFor(org: OrgConfig): Promise<AuthProfile>;
  random?: () => number;
  /** Managers kept in memory at most (the oldest are dropped; they reload from the store). */
  maxCached?: number;
}

export interface SessionTokens {
  /** The token source for this session's API calls. */
  providerFor(session: Session, org: OrgConfig): TokenProvider;
  /** The session's current token set (refreshed if due), e.g. to revoke it at logout. */
  current(session: Session, org: OrgConfig): Promise<Session['tokens']>;
  forget(sessionId: string): void;
}

export function createSessionTokens(options: SessionTokensOptions): SessionTokens {
  const managers = new Map<string, TokenManager>();
  const random = options.random ?? Math.random;
  const maxCached = options.maxCached ?? 10_000;

  // Keyed by the store's hashed key, never the session id: a manager logs its key, and the id is the
  // cookie value that opens the session.
  const managerFor = (session: Session, org: OrgConfig): TokenManager => {
    const key = sessionStoreKey(session.id);
    const existing = managers.get(key);
    if (existing) return existing;
    const store: SharedTokenStore = {
      // From the vault, not the session this manager was made for: another dashboard process sharing
      // the store (Redis) may have refreshed, and with rotation only its refresh token is still alive.
      get: async () => {
        const tokens = (await options.vault.loadSession(session.id))?.tokens ?? session.tokens;
        return { ...tokens, refreshAt: refreshAt(tokens, random) };
      },
      set: (_key, token) => options.vault.saveTokens(session.id, token),
      // Logout destroys the whole session; nothing to delete token-by-token.
      delete: async () => undefined,
      // No cross-process lock: before refreshing, the manager re-reads the vault above and adopts a set
      // another process stored. Two processes refreshing one session within the same moment still race.
      withRefreshLock: (_key, refresh) => refresh(),
    };
    const manager = new TokenManager({
      key,
      store,
      clock: options.clock,
      random,
      logger: options.logger,
      obtain: async (current) => {
        const refreshToken = current?.refreshToken;
        if (!refreshToken)
          throw new SessionExpiredError('the access token expired and the vendor gave no refresh token');
        return refreshUserToken(await options.profileFor(org), authCodeClient(org), refreshToken, {
          clock: options.clock,
        });
      },
    });
    if (managers.size >= maxCached) {
      const oldest = managers.keys().next().value;
      if (oldest !== undefined) managers.delete(oldest);
    }
    managers.set(key, manager);
    return manager;
  };

  return {
    providerFor: managerFor,
    current: async (session, org) => managerFor(session, org).current(),
    forget: (sessionId) => {
      managers.delete(sessionStoreKey(sessionId));
    },
  };
}
