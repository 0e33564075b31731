// The non-interactive grants — client credentials, CXone access key, refresh — and revocation, one
// function per protocol step on oauth4webapi. Each token request keeps to the request deadline; the
// repeatable grants (client credentials, access key) are retried within it, the refresh never.
import * as oauth from 'oauth4webapi';
import { DEFAULT_LIMITS, envVar, type OrgConfig } from '../config/index.js';
import { type Clock, type Secret, systemClock } from '../core/index.js';
import type { CredentialContext } from './auth-errors.js';
import type { AuthProfile } from './auth-profile.js';
import { exchangeToken } from './token-request.js';
import { withTokenRetries } from './token-retry.js';
import type { TokenSet } from './token-set.js';

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: Secret;
}

/** The daemon's client (Client Credentials / access key) of an org, with the variables that set it. */
export function daemonClient(org: OrgConfig): OAuthClientCredentials & { idVar: string; secretVar: string } {
  return {
    clientId: org.clientId,
    clientSecret: org.clientSecret,
    idVar: envVar(org.vendor, 'CLIENT_ID'),
    secretVar: envVar(org.vendor, 'CLIENT_SECRET'),
  };
}

/** The Authorization Code client of an org, with the variables that set it. */
export function authCodeClient(org: OrgConfig): OAuthClientCredentials & { idVar: string; secretVar: string } {
  const pair = org.authCodeClientId !== org.clientId ? 'AUTH_CODE_CLIENT' : 'CLIENT';
  return {
    clientId: org.authCodeClientId,
    clientSecret: org.authCodeClientSecret,
    idVar: envVar(org.vendor, `${pair}_ID`),
    secretVar: envVar(org.vendor, `${pair}_SECRET`),
  };
}

export function credentialContext(
  profile: AuthProfile,
  client: { idVar: string; secretVar: string },
  grant: CredentialContext['grant'],
): CredentialContext {
  return {
    vendor: profile.vendor,
    clientIdVar: client.idVar,
    clientSecretVar: client.secretVar,
    grant,
    tokenUrl: String(profile.as.token_endpoint),
  };
}

/** How long a token request may take and what it waits on; the runtime's, through connectOrg. */
export interface TokenRequestOptions {
  clock?: Clock;
  /** The request deadline (CCPULSE_REQUEST_TIMEOUT_SECONDS): the whole token request, retries included. */
  timeoutMs?: number;
}

/** Jitter of the retries of the repeatable grants. */
type RetryingOptions = TokenRequestOptions & { random?: () => number };

/** A repeatable grant's POST, retried on a reset, a refusal, a 5xx or a 429 within the deadline. */
function repeatableExchange(
  ctx: CredentialContext,
  options: RetryingOptions,
  send: (signal: AbortSignal) => Promise<Response>,
  processResponse: (response: Response) => Promise<oauth.TokenEndpointResponse>,
): Promise<TokenSet> {
  const clock = options.clock ?? systemClock;
  return withTokenRetries(
    (remainingMs) => exchangeToken({ ctx, clock, timeoutMs: remainingMs, send, processResponse }),
    { clock, random: options.random ?? Math.random, timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs },
  );
}

export function requestClientCredentials(
  profile: AuthProfile,
  client: OAuthClientCredentials & { idVar: string; secretVar: string },
  options: RetryingOptions & { scopes?: string[] } = {},
): Promise<TokenSet> {
  const params = new URLSearchParams();
  if (options.scopes?.length) params.set('scope', options.scopes.join(' '));
  const oc: oauth.Client = { client_id: client.clientId };
  return repeatableExchange(
    credentialContext(profile, client, 'client credentials'),
    options,
    (signal) =>
      oauth.clientCredentialsGrantRequest(
        profile.as,
        oc,
        oauth.ClientSecretBasic(client.clientSecret.reveal()),
        params,
        profile.requestOptions(signal),
      ),
    (response) => oauth.processClientCredentialsResponse(profile.as, oc, response),
  );
}

/** CXone's access-key flow for back-end apps: grant_type=password with the key id/secret, client in Basic. */
export function requestAccessKeyToken(
  profile: AuthProfile,
  client: OAuthClientCredentials & { idVar: string; secretVar: string },
  accessKey: { id: string; secret: Secret },
  options: RetryingOptions = {},
): Promise<TokenSet> {
  const oc: oauth.Client = { client_id: client.clientId };
  return repeatableExchange(
    credentialContext(profile, client, 'access key'),
    options,
    (signal) =>
      oauth.genericTokenEndpointRequest(
        profile.as,
        oc,
        oauth.ClientSecretBasic(client.clientSecret.reveal()),
        'password',
        { username: accessKey.id, password: accessKey.secret.reveal() },
        profile.requestOptions(signal),
      ),
    (response) => oauth.processGenericTokenEndpointResponse(profile.as, oc, response),
  );
}

/**
 * One refresh-token exchange, never retried: with rotation, a POST whose answer was lost may already
 * have spent the refresh token. The caller must persist the returned refresh token before using the
 * access token.
 */
export async function refreshUserToken(
  profile: AuthProfile,
  client: OAuthClientCredentials & { idVar: string; secretVar: string },
  refreshToken: Secret,
  options: TokenRequestOptions = {},
): Promise<TokenSet> {
  const oc: oauth.Client = { client_id: client.clientId };
  const set = await exchangeToken({
    ctx: credentialContext(profile, client, 'refresh token'),
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
    send: (signal) =>
      oauth.refreshTokenGrantRequest(
        profile.as,
        oc,
        oauth.ClientSecretBasic(client.clientSecret.reveal()),
        refreshToken.reveal(),
        profile.requestOptions(signal),
      ),
    processResponse: (response) => oauth.processRefreshTokenResponse(profile.as, oc, response),
  });
  // A server that does not rotate keeps the old refresh token valid.
  return set.refreshToken ? set : { ...set, refreshToken };
}

/**
 * Revokes a token set at the vendor: Genesys `DELETE /api/v2/tokens/me` with the access token
 * (it takes the refresh token with it); CXone RFC 7009 for the refresh token and the access token.
 * Returns false when the vendor could not be reached, so a logout still completes locally.
 */
export async function revokeTokens(
  profile: AuthProfile,
  client: OAuthClientCredentials,
  tokens: Pick<TokenSet, 'accessToken' | 'refreshToken'>,
  deps: { fetch?: typeof fetch } = {},
): Promise<boolean> {
  try {
    if (profile.revocation.kind === 'genesys-tokens-me') {
      const response = await (deps.fetch ?? fetch)(`${profile.revocation.apiUrl}/api/v2/tokens/me`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${tokens.accessToken.reveal()}` },
        signal: AbortSignal.timeout(15_000),
      });
      return response.ok || response.status === 401;
    }
    const oc: oauth.Client = { client_id: client.clientId };
    const auth = oauth.ClientSecretBasic(client.clientSecret.reveal());
    for (const token of [tokens.refreshToken, tokens.accessToken]) {
      if (!token) continue;
      const response = await oauth.revocationRequest(profile.as, oc, auth, token.reveal(), profile.requestOptions());
      await oauth.processRevocationResponse(response);
    }
    return true;
  } catch {
    // Unreachable or refused: the caller still ends the session locally and says revocation failed.
    return false;
  }
}
