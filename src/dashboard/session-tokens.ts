// Each signed-in session's own connection to its vendor: one TokenManager (single flight, early
// refresh) whose store is the session itself, so a rotated refresh token is sealed into the session
// before the new access token is used; and over it, through connectOrg, the session's API client with
// its own request budget. Both are made at the session's first request and kept while it lives.
// Refreshes happen here, on the server; the browser never sees one.

import type { AuthProfile } from '../auth/index.js';
import {
  authCodeClient,
  InvalidGrantError,
  refreshAt,
  refreshUserToken,
  type SharedTokenStore,
  TokenManager,
  type TokenSet,
} from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import { connectOrg, type OrgConnection, type Runtime } from '../connect/index.js';
import { SessionExpiredError } from './dashboard-errors.js';
import { type Session, type SessionVault, sessionStoreKey } from './session-vault.js';

interface SessionTokensOptions {
  vault: SessionVault;
  runtime: Runtime;
  profileFor(org: OrgConfig): Promise<AuthProfile>;
  /** Sessions kept connected in memory at most (the oldest are dropped; they reconnect from the store). */
  maxCached?: number;
}

export interface SessionTokens {
  /** The session's connection: its token manager, budget and API client, the same object on every request. */
  connectionFor(session: Session, org: OrgConfig): Promise<OrgConnection>;
  /** A connection on the token set of a sign-in that has no session yet (to ask the vendor who signed in). */
  connectionForSignIn(org: OrgConfig, tokens: TokenSet): Promise<OrgConnection>;
  forget(sessionId: string): void;
}

export function createSessionTokens(options: SessionTokensOptions): SessionTokens {
  const { runtime } = options;
  const connections = new Map<string, Promise<OrgConnection>>();
  const maxCached = options.maxCached ?? 10_000;

  // Keyed by the store's hashed key, never the session id: a manager logs its key, and the id is the
  // cookie value that opens the session.
  const managerFor = (session: Session, org: OrgConfig): TokenManager => {
    const store: SharedTokenStore = {
      // From the vault, not the session this manager was made for: another dashboard process sharing
      // the store (Redis) may have refreshed, and with rotation only its refresh token is still alive.
      get: async () => {
        const tokens = (await options.vault.loadSession(session.id))?.tokens ?? session.tokens;
        return { ...tokens, refreshAt: refreshAt(tokens, runtime.random) };
      },
      set: (_key, token) => options.vault.saveTokens(session.id, token),
      // Logout destroys the whole session; nothing to delete token-by-token.
      delete: async () => undefined,
      // With a shared store (Redis) one process at a time refreshes a session; the manager re-reads the
      // vault once it holds the lock and adopts a set another process stored meanwhile.
      withRefreshLock: (_key, refresh) => options.vault.withSessionLock(session.id, refresh),
    };
    return new TokenManager({
      key: sessionStoreKey(session.id),
      store,
      clock: runtime.clock,
      random: runtime.random,
      logger: runtime.logger,
      obtain: async (current) => {
        const refreshToken = current?.refreshToken;
        if (!refreshToken)
          throw new SessionExpiredError('the access token expired and the vendor gave no refresh token');
        try {
          return await refreshUserToken(await options.profileFor(org), authCodeClient(org), refreshToken, {
            clock: runtime.clock,
            timeoutMs: runtime.limits.requestTimeoutMs,
          });
        } catch (error) {
          // Spent elsewhere (a process whose lock ran out, or one without the lock): if the session now
          // holds another set, that process's refresh won and its set is the live one.
          if (!(error instanceof InvalidGrantError)) throw error;
          const stored = (await options.vault.loadSession(session.id))?.tokens;
          if (!stored || stored.refreshToken?.reveal() === refreshToken.reveal()) throw error;
          runtime.logger.info(
            { key: sessionStoreKey(session.id) },
            'refresh token already rotated; adopting the stored set',
          );
          return stored;
        }
      },
    });
  };

  const connectionFor = (session: Session, org: OrgConfig): Promise<OrgConnection> => {
    const key = sessionStoreKey(session.id);
    const existing = connections.get(key);
    if (existing) return existing;
    const connection = connectOrg(org, runtime, { tokens: managerFor(session, org) });
    // A failed connect (the vendor's discovery unreachable) is tried again at the next request.
    connection.catch(() => connections.delete(key));
    if (connections.size >= maxCached) {
      const oldest = connections.keys().next().value;
      if (oldest !== undefined) connections.delete(oldest);
    }
    connections.set(key, connection);
    return connection;
  };

  return {
    connectionFor,
    connectionForSignIn: (org, tokens) =>
      connectOrg(org, runtime, {
        tokens: new TokenManager({ key: 'sign-in', clock: runtime.clock, obtain: async () => tokens }),
      }),
    forget: (sessionId) => {
      connections.delete(sessionStoreKey(sessionId));
    },
  };
}
