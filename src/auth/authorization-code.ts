// Authorization Code + PKCE (S256): the URL to send a person to, and the callback exchange. The login
// state remembers the issuer, so a callback carrying another vendor's response is refused (mix-up).
import * as oauth from 'oauth4webapi';
import { DEFAULT_LIMITS } from '../config/index.js';
import { type Clock, systemClock } from '../core/index.js';
import { IssuerMismatchError, StateMismatchError } from './auth-errors.js';
import type { AuthProfile } from './auth-profile.js';
import { credentialContext, type OAuthClientCredentials, type TokenRequestOptions } from './grants.js';
import { exchangeToken, toAuthError } from './token-request.js';
import type { TokenSet } from './token-set.js';

/** Kept server-side between the redirect and the callback; one-time. Holds the PKCE verifier, so never send it to a browser. */
export interface LoginState {
  vendor: 'genesys' | 'cxone';
  issuer: string;
  clientId: string;
  state: string;
  codeVerifier: string;
  nonce: string | undefined;
  redirectUri: string;
  scopes: string[];
  createdAt: number;
}

interface BeginLoginOptions {
  redirectUri: string;
  scopes: string[];
  clock?: Clock;
}

export async function beginLogin(
  profile: AuthProfile,
  client: OAuthClientCredentials,
  options: BeginLoginOptions,
): Promise<{ authorizationUrl: URL; loginState: LoginState }> {
  const endpoint = profile.as.authorization_endpoint;
  if (!endpoint) throw new Error(`${profile.vendor} has no authorization endpoint in its metadata`);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = options.scopes.includes('openid') ? oauth.generateRandomNonce() : undefined;
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  if (options.scopes.length > 0) url.searchParams.set('scope', options.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (nonce) url.searchParams.set('nonce', nonce);
  return {
    authorizationUrl: url,
    loginState: {
      vendor: profile.vendor,
      issuer: profile.as.issuer,
      clientId: client.clientId,
      state,
      codeVerifier,
      nonce,
      redirectUri: options.redirectUri,
      scopes: options.scopes,
      createdAt: (options.clock ?? systemClock).now(),
    },
  };
}

/**
 * Checks the callback against the login state (state, issuer, error) and exchanges the code once.
 * The caller must have removed `loginState` from its store before calling, so it cannot be replayed.
 */
export async function completeLogin(
  profile: AuthProfile,
  client: OAuthClientCredentials & { idVar: string; secretVar: string },
  loginState: LoginState,
  callbackUrl: URL,
  options: TokenRequestOptions = {},
): Promise<TokenSet> {
  const params = callbackUrl.searchParams;
  if (params.getAll('state').length !== 1 || params.get('state') !== loginState.state) throw new StateMismatchError();
  if (loginState.issuer !== profile.as.issuer || loginState.vendor !== profile.vendor) {
    throw new IssuerMismatchError(loginState.issuer, profile.as.issuer);
  }
  const iss = params.get('iss');
  if (iss !== null && iss !== loginState.issuer) throw new IssuerMismatchError(loginState.issuer, iss);
  const ctx = credentialContext(profile, client, 'authorization code');
  const clock = options.clock ?? systemClock;
  // ID token times are checked against our clock, not the wall clock, so an injected clock holds.
  const oc: oauth.Client = {
    client_id: client.clientId,
    [oauth.clockSkew]: Math.round((clock.now() - Date.now()) / 1000),
  };
  let validated: URLSearchParams;
  try {
    validated = oauth.validateAuthResponse(profile.as, oc, params, loginState.state);
  } catch (error) {
    throw toAuthError(ctx, error, loginState.redirectUri);
  }
  return exchangeToken({
    ctx,
    clock,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
    // Exactly one POST whatever happens: a code is single-use, and a retried code is a replayed one.
    send: (signal) =>
      oauth.authorizationCodeGrantRequest(
        profile.as,
        oc,
        oauth.ClientSecretBasic(client.clientSecret.reveal()),
        validated,
        loginState.redirectUri,
        loginState.codeVerifier,
        profile.requestOptions(signal),
      ),
    processResponse: (response) =>
      oauth.processAuthorizationCodeResponse(profile.as, oc, response, {
        expectedNonce: loginState.nonce ?? oauth.expectNoNonce,
        requireIdToken: false,
      }),
    redirectUri: loginState.redirectUri,
  });
}
