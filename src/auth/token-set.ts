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
