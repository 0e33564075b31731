// The tokens one grant produced, with the times that decide when to refresh. Token strings are
// Secrets from the moment they leave the wire.
import type { TokenEndpointResponse } from 'oauth4webapi';
import { Secret } from '../core/index.js';

export interface TokenSet {
  accessToken: Secret;
  refreshToken: Secret | undefined;
  idToken: Secret | undefined;
  issuedAt: number;
  expiresAt: number;
  scopes: string[];
}

/** Refresh early: margin = max(60 s, 10 % of the lifetime), stretched by up to 25 % of jitter so that many processes do not refresh in step. */
export function refreshAt(token: Pick<TokenSet, 'issuedAt' | 'expiresAt'>, random: () => number): number {
  const life = token.expiresAt - token.issuedAt;
  const margin = Math.max(60_000, life * 0.1);
  return Math.max(token.issuedAt, token.expiresAt - margin * (1 + 0.25 * random()));
}

export function tokenSetFrom(response: TokenEndpointResponse, now: number, fallbackLifeSeconds = 3600): TokenSet {
  const life =
    typeof response.expires_in === 'number' && response.expires_in > 0 ? response.expires_in : fallbackLifeSeconds;
  return {
    accessToken: new Secret(response.access_token),
    refreshToken: typeof response.refresh_token === 'string' ? new Secret(response.refresh_token) : undefined,
    idToken: typeof response.id_token === 'string' ? new Secret(response.id_token) : undefined,
    issuedAt: now,
    expiresAt: now + life * 1000,
    scopes: typeof response.scope === 'string' ? response.scope.split(' ').filter(Boolean) : [],
  };
}

/** A token set in plain JSON, for sealing at rest (token file, Redis, dashboard session). */
export interface TokenSetJson {
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  issuedAt: number;
  expiresAt: number;
  scopes: string[];
}

/** The one place a whole token set is revealed: its caller seals the result before it leaves memory. */
export function tokenSetToJson(t: TokenSet): TokenSetJson {
  return {
    accessToken: t.accessToken.reveal(),
    refreshToken: t.refreshToken?.reveal(),
    idToken: t.idToken?.reveal(),
    issuedAt: t.issuedAt,
    expiresAt: t.expiresAt,
    scopes: t.scopes,
  };
}

export function tokenSetFromJson(j: TokenSetJson): TokenSet {
  return {
    accessToken: new Secret(j.accessToken),
    refreshToken: j.refreshToken ? new Secret(j.refreshToken) : undefined,
    idToken: j.idToken ? new Secret(j.idToken) : undefined,
    issuedAt: j.issuedAt,
    expiresAt: j.expiresAt,
    scopes: j.scopes,
  };
}
