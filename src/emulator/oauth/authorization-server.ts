// One emulated OAuth 2 authorization server (both vendors use it with their own token format and
// error shape): client credentials, password (CXone access keys), authorization code with PKCE,
// refresh with rotation, revocation. Codes are one-time and expire; a replayed code revokes what it
// issued (RFC 6749 §4.1.2). Everything is in memory and driven by the context clock.
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatedVendor, EmulatorContext, IssuedToken } from '../emulator-context.js';
import type { GrantType, SeedOAuthClient, SeedUser } from '../seed-org.js';
import { authenticateClient } from './client-auth.js';

interface TokenMintInput {
  client: SeedOAuthClient;
  user: SeedUser | undefined;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

interface AuthorizationServerOptions {
  vendor: EmulatedVendor;
  ctx: EmulatorContext;
  issuer: string;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  rotateRefreshTokens: boolean;
  /** The access token string (opaque for Genesys, a signed JWT for CXone). */
  mintAccessToken(input: TokenMintInput): string;
  /** Extra fields on a successful code-grant response (CXone: id_token). */
  extraCodeResponse?(input: TokenMintInput & { nonce: string | undefined }): Record<string, unknown>;
  /** Scopes granted when a code request names none. */
  defaultScopes(client: SeedOAuthClient): string[];
  /** Token requests allowed per client per minute; more get 429 + Retry-After. */
  tokenRequestsPerMinute: number;
}

export interface PendingAuthorization {
  id: string;
  client: SeedOAuthClient;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  codeChallenge: string | undefined;
  nonce: string | undefined;
  createdAt: number;
}

interface CodeRecord {
  request: PendingAuthorization;
  user: SeedUser;
  expiresAt: number;
  used: boolean;
  issued: string[];
}

interface RefreshRecord {
  client: SeedOAuthClient;
  user: SeedUser;
  scopes: string[];
  active: boolean;
  accessTokens: string[];
}

export type OAuthError = { error: string; description: string };
export type TokenResult =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400 | 401; error: OAuthError }
  | { status: 429; error: OAuthError; retryAfterSeconds: number };

export type AuthorizeResult =
  | { kind: 'login'; request: PendingAuthorization }
  | { kind: 'error'; error: OAuthError }
  | { kind: 'redirect'; location: string };

export interface AuthorizationServer {
  readonly vendor: EmulatedVendor;
  readonly issuer: string;
  token(form: URLSearchParams, authorization: string | undefined): TokenResult;
  authorize(query: URLSearchParams): AuthorizeResult;
  pending(id: string): PendingAuthorization | undefined;
  /** Completes a pending request after the login form: the redirect carrying a code, or access_denied. */
  decide(id: string, user: SeedUser | 'denied'): { location: string } | undefined;
  /**
   * Revokes an access or refresh token; a user's access token takes its refresh token with it.
   * With `clientId`, only a token issued to that client is revoked (RFC 7009 §2.1).
   */
  revoke(token: string, clientId?: string): boolean;
  checkUserPassword(username: string, password: string): SeedUser | undefined;
}

export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  const { ctx, vendor } = options;
  const clients = ctx.org[vendor].clients;
  const pendingById = new Map<string, PendingAuthorization>();
  const codes = new Map<string, CodeRecord>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const refreshByAccess = new Map<string, string>();
  const tokenWindows = new Map<string, { start: number; count: number }>();

  const err = (error: string, description: string): OAuthError => ({ error, description });
  const fail = (status: 400 | 401, error: string, description: string): TokenResult => {
    return { status, error: err(error, description) };
  };

  const issue = (
    client: SeedOAuthClient,
    user: SeedUser | undefined,
    scopes: string[],
    grant: IssuedToken['grant'],
  ): { access: string; input: TokenMintInput } => {
    const issuedAt = ctx.clock.now();
    const input: TokenMintInput = {
      client,
      user,
      scopes,
      issuedAt,
      expiresAt: issuedAt + options.tokenLifetimeSeconds * 1000,
    };
    const access = options.mintAccessToken(input);
    ctx.tokens.set(access, {
      vendor,
      value: access,
      client,
      user,
      grant,
      scopes,
      issuedAt,
      expiresAt: input.expiresAt,
      revoked: false,
    });
    return { access, input };
  };

  const newRefreshToken = (client: SeedOAuthClient, user: SeedUser, scopes: string[], access: string): string => {
    const value = randomBytes(32).toString('base64url');
    refreshTokens.set(value, { client, user, scopes, active: true, accessTokens: [access] });
    refreshByAccess.set(access, value);
    return value;
  };

  const tokenBody = (access: string, extra: Record<string, unknown> = {}) => ({
    access_token: access,
    token_type: 'bearer',
    expires_in: options.tokenLifetimeSeconds,
    ...extra,
  });

  const record = (grant: string, clientId: string, ok: boolean) => {
    ctx.stats.tokenRequests.push({ vendor, grant, clientId, ok, at: ctx.clock.now() });
  };

  const userByLogin = (username: string) => ctx.org.users.find((u) => u.username === username || u.email === username);

  const server: AuthorizationServer = {
    vendor,
    issuer: options.issuer,

    token(form, authorization) {
      const grant = form.get('grant_type') ?? '';
      const auth = authenticateClient(clients, authorization, form);
      if (!auth.ok) {
        record(grant, form.get('client_id') ?? '', false);
        return fail(401, auth.error, auth.description);
      }
      const client = auth.client;
      const now = ctx.clock.now();
      let window = tokenWindows.get(client.id);
      if (!window || now - window.start >= 60_000) {
        window = { start: now, count: 0 };
        tokenWindows.set(client.id, window);
      }
      if (++window.count > options.tokenRequestsPerMinute) {
        record(grant, client.id, false);
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
        return {
          status: 429,
          error: err('too_many_requests', 'Too many token requests for this client'),
          retryAfterSeconds,
        };
      }
      const result = tokenFor(client, grant, form);
      record(grant, client.id, result.status === 200);
      return result;
    },

    authorize(query) {
      const clientId = query.get('client_id') ?? '';
      const redirectUri = query.get('redirect_uri') ?? '';
      const client = clients.find((c) => c.id === clientId);
      if (!client)
        return { kind: 'error', error: err('invalid_client', `Unknown client_id '${clientId.slice(0, 64)}'`) };
      if (!client.redirectUris.includes(redirectUri)) {
        // Never redirect to a URI that is not registered: show the error here instead.
        return {
          kind: 'error',
          error: err(
            'redirect_uri_mismatch',
            `The redirect_uri '${redirectUri.slice(0, 200)}' is not registered for this client`,
          ),
        };
      }
      const back = (error: string, description: string): AuthorizeResult => ({
        kind: 'redirect',
        location: withParams(redirectUri, {
          error,
          error_description: description,
          state: query.get('state') ?? undefined,
          iss: vendor === 'cxone' ? options.issuer : undefined,
        }),
      });
      const responseType = query.get('response_type');
      if (!responseType) return back('invalid_request', 'response_type is required');
      if (responseType !== 'code') return back('unsupported_response_type', 'response_type must be code');
      if (!client.grantTypes.includes('authorization_code')) {
        return back('unauthorized_client', 'This client is not allowed to use the authorization code grant');
      }
      const challenge = query.get('code_challenge') ?? undefined;
      const method = query.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
      if (challenge !== undefined && method !== 'S256') {
        return back('invalid_request', 'code_challenge_method must be S256');
      }
      const requested = (query.get('scope') ?? '').split(/\s+/).filter(Boolean);
      const unknown = requested.filter((s) => !client.allowedScopes.includes(s));
      if (unknown.length > 0)
        return back('invalid_scope', `Scope(s) not allowed for this client: ${unknown.join(' ')}`);
      const request: PendingAuthorization = {
        id: randomBytes(16).toString('base64url'),
        client,
        redirectUri,
        state: query.get('state') ?? undefined,
        scopes: requested.length > 0 ? requested : options.defaultScopes(client),
        codeChallenge: challenge,
        nonce: query.get('nonce') ?? undefined,
        createdAt: ctx.clock.now(),
      };
      pendingById.set(request.id, request);
      return { kind: 'login', request };
    },

    pending: (id) => pendingById.get(id),

    decide(id, user) {
      const request = pendingById.get(id);
      if (!request) return undefined;
      pendingById.delete(id);
      const iss = vendor === 'cxone' ? options.issuer : undefined;
      if (user === 'denied') {
        return {
          location: withParams(request.redirectUri, {
            error: 'access_denied',
            error_description: 'The user denied the request',
            state: request.state,
            iss,
          }),
        };
      }
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        request,
        user,
        expiresAt: ctx.clock.now() + options.codeLifetimeSeconds * 1000,
        used: false,
        issued: [],
      });
      return { location: withParams(request.redirectUri, { code, state: request.state, iss }) };
    },

    revoke(token, clientId) {
      const access = ctx.tokens.get(token);
      if (access && access.vendor === vendor) {
        if (clientId !== undefined && access.client.id !== clientId) return false;
        access.revoked = true;
        const rt = refreshByAccess.get(token);
        const refresh = rt ? refreshTokens.get(rt) : undefined;
        if (refresh) refresh.active = false;
        return true;
      }
      const refresh = refreshTokens.get(token);
      if (refresh) {
        if (clientId !== undefined && refresh.client.id !== clientId) return false;
        refresh.active = false;
        for (const a of refresh.accessTokens) {
          const t = ctx.tokens.get(a);
          if (t) t.revoked = true;
        }
        return true;
      }
      return false;
    },

    checkUserPassword(username, password) {
      const user = userByLogin(username);
      return user && user.password === password ? user : undefined;
    },
  };

  function allowed(client: SeedOAuthClient, grant: GrantType): boolean {
    return client.grantTypes.includes(grant);
  }

  function tokenFor(client: SeedOAuthClient, grant: string, form: URLSearchParams): TokenResult {
    switch (grant) {
      case 'client_credentials': {
        if (!allowed(client, 'client_credentials')) {
          return fail(400, 'unauthorized_client', 'This client is not authorized to use the client_credentials grant');
        }
        const { access } = issue(client, undefined, [], 'client_credentials');
        return { status: 200, body: tokenBody(access) };
      }
      case 'password': {
        if (!allowed(client, 'password')) {
          return fail(400, 'unauthorized_client', 'This client is not authorized to use the password grant');
        }
        const key = ctx.org.cxone.accessKeys.find((k) => k.id === form.get('username'));
        const user =
          key && key.secret === form.get('password') ? ctx.org.users.find((u) => u.id === key.userId) : undefined;
        if (!user) return fail(400, 'invalid_grant', 'Invalid access key id or secret');
        const { access } = issue(client, user, [], 'password');
        return { status: 200, body: tokenBody(access, { refresh_token: newRefreshToken(client, user, [], access) }) };
      }
      case 'authorization_code': {
        if (!allowed(client, 'authorization_code')) {
          return fail(400, 'unauthorized_client', 'This client is not authorized to use the authorization_code grant');
        }
        const code = form.get('code') ?? '';
        const entry = codes.get(code);
        if (!entry || entry.request.client.id !== client.id) {
          return fail(400, 'invalid_grant', 'The authorization code is invalid');
        }
        if (entry.used) {
          // A replayed code may be stolen: revoke everything it issued.
          for (const t of entry.issued) server.revoke(t);
          return fail(400, 'invalid_grant', 'The authorization code has already been used');
        }
        entry.used = true;
        if (ctx.clock.now() > entry.expiresAt) return fail(400, 'invalid_grant', 'The authorization code has expired');
        if ((form.get('redirect_uri') ?? '') !== entry.request.redirectUri) {
          return fail(400, 'invalid_grant', 'redirect_uri does not match the one used in the authorization request');
        }
        const verifier = form.get('code_verifier');
        if (entry.request.codeChallenge !== undefined) {
          if (!verifier) return fail(400, 'invalid_grant', 'code_verifier is required');
          const computed = createHash('sha256').update(verifier).digest('base64url');
          if (computed !== entry.request.codeChallenge)
            return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
        } else if (verifier) {
          return fail(400, 'invalid_grant', 'code_verifier sent for a request without code_challenge');
        }
        const { access, input } = issue(client, entry.user, entry.request.scopes, 'authorization_code');
        const refresh = newRefreshToken(client, entry.user, entry.request.scopes, access);
        entry.issued.push(access, refresh);
        const extra = options.extraCodeResponse?.({ ...input, nonce: entry.request.nonce }) ?? {};
        return {
          status: 200,
          body: tokenBody(access, { refresh_token: refresh, scope: entry.request.scopes.join(' '), ...extra }),
        };
      }
      case 'refresh_token': {
        if (!allowed(client, 'refresh_token')) {
          return fail(400, 'unauthorized_client', 'This client is not authorized to use the refresh_token grant');
        }
        const value = form.get('refresh_token') ?? '';
        const entry = refreshTokens.get(value);
        if (!entry || entry.client.id !== client.id) return fail(400, 'invalid_grant', 'The refresh token is invalid');
        if (!entry.active) return fail(400, 'invalid_grant', 'The refresh token has been revoked or already used');
        const { access } = issue(client, entry.user, entry.scopes, 'refresh_token');
        let refresh = value;
        if (options.rotateRefreshTokens) {
          entry.active = false;
          refresh = newRefreshToken(client, entry.user, entry.scopes, access);
        } else {
          entry.accessTokens.push(access);
          refreshByAccess.set(access, value);
        }
        return { status: 200, body: tokenBody(access, { refresh_token: refresh, scope: entry.scopes.join(' ') }) };
      }
      default:
        return fail(400, 'unsupported_grant_type', `Unsupported grant_type '${grant.slice(0, 40)}'`);
    }
  }

  return server;
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
