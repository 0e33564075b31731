// The NICE CXone emulator: an OpenID Connect issuer (discovery, /auth/*), the tenant discovery
// document that names the API base, the access-key token endpoint, and the tenant API itself.
import { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { faultMiddleware, mountFaultControl } from '../faults.js';
import { createAuthorizationServer } from '../oauth/authorization-server.js';
import { authenticateClient } from '../oauth/client-auth.js';
import { mountLoginRoutes } from '../oauth/login-routes.js';
import { type RateLimitSettings, rateLimitMiddleware } from '../rate-limit.js';
import type { RouteMount } from '../route-mounts.js';
import { cxoneError, vendorError } from '../vendor-errors.js';
import { mountCxoneAdmin } from './admin-routes.js';
import { mountCxoneDataExtraction } from './data-extraction-routes.js';
import { createJwtSigner } from './jwt-signer.js';
import { mountCxonePerformance } from './performance-routes.js';
import { mountCxoneRealTime } from './real-time-routes.js';
import { mountCxoneReporting } from './reporting-routes.js';

interface CxoneAppOptions {
  issuer: string;
  area: string;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  rotateRefreshTokens: boolean;
  rateLimits: RateLimitSettings;
  tokenRequestsPerMinute: number;
  mounts: RouteMount[];
}

export function createCxoneApp(ctx: EmulatorContext, options: CxoneAppOptions): Hono {
  const app = new Hono();
  const { issuer } = options;
  const signer = createJwtSigner();
  const { tenantId, businessUnitId } = ctx.org.cxone;
  const seconds = (ms: number) => Math.floor(ms / 1000);

  const server = createAuthorizationServer({
    vendor: 'cxone',
    ctx,
    issuer,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    codeLifetimeSeconds: options.codeLifetimeSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens,
    tokenRequestsPerMinute: options.tokenRequestsPerMinute,
    mintAccessToken: ({ client, user, scopes, issuedAt, expiresAt }) =>
      signer.sign({
        iss: issuer,
        sub: user ? `user:${user.id}` : `client:${client.id}`,
        aud: client.id,
        iat: seconds(issuedAt),
        exp: seconds(expiresAt),
        tenantId,
        icBUId: businessUnitId,
        icAgentId: user?.cxoneAgentId,
        scope: scopes.join(' '),
        jti: crypto.randomUUID(),
      }),
    extraCodeResponse: ({ client, user, scopes, issuedAt, expiresAt, nonce }) =>
      scopes.includes('openid') && user
        ? {
            id_token: signer.sign({
              iss: issuer,
              sub: user.id,
              aud: client.id,
              iat: seconds(issuedAt),
              exp: seconds(expiresAt),
              nonce,
              name: user.name,
              email: user.email,
              tenantId,
            }),
          }
        : {},
    defaultScopes: () => ['openid'],
  });

  // The tenant API: the classic reporting API and the Data Extraction API share the host, and one
  // fault roll and one rate-limit window per token cover both.
  const faults = faultMiddleware(ctx, 'cxone');
  const rateLimit = rateLimitMiddleware(ctx, 'cxone', options.rateLimits);
  for (const apiPath of ['/inContactAPI/*', '/data-extraction/*']) {
    // Recorded first so requests answered by a fault or the rate limit are counted too.
    app.use(apiPath, async (c, next) => {
      await next();
      ctx.stats.apiRequests.push({
        vendor: 'cxone',
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        at: ctx.clock.now(),
      });
    });
    app.use(apiPath, faults);
    app.use(apiPath, rateLimit);
  }

  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer,
      authorization_endpoint: `${issuer}/auth/authorize`,
      token_endpoint: `${issuer}/auth/token`,
      revocation_endpoint: `${issuer}/auth/revoke`,
      jwks_uri: `${issuer}/auth/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['openid', 'offline_access', 'profile', 'email'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_response_iss_parameter_supported: true,
    }),
  );

  app.get('/.well-known/cxone-configuration', (c) => {
    const requested = c.req.query('tenantId');
    if (requested !== tenantId) {
      return c.json(
        cxoneError(404, 'tenant_not_found', `No tenant with id '${(requested ?? '').slice(0, 64)}' in this area`),
        404,
      );
    }
    return c.json({
      private: false,
      area: options.area,
      tenantId,
      api_endpoint: issuer,
      ui_endpoint: issuer,
      auth_endpoint: issuer,
    });
  });

  app.get('/auth/jwks', (c) => c.json(signer.jwks()));

  app.post('/auth/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const result = server.token(form, c.req.header('authorization'));
    c.header('cache-control', 'no-store');
    if (result.status === 200) return c.json(result.body);
    if (result.status === 429) c.header('retry-after', String(result.retryAfterSeconds));
    return c.json({ error: result.error.error, error_description: result.error.description }, result.status);
  });

  app.post('/auth/revoke', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const auth = authenticateClient(ctx.org.cxone.clients, c.req.header('authorization'), form);
    if (!auth.ok) return c.json({ error: auth.error, error_description: auth.description }, 401);
    server.revoke(form.get('token') ?? '', auth.client.id);
    // RFC 7009: 200 whether or not the token was known.
    return c.body(null, 200);
  });

  // The form long-lived back-end integrations use: an access key exchanged without an OAuth client.
  app.post('/authentication/v1/token/access-key', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const fields = type.includes('json')
      ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(await c.req.text()));
    const key = ctx.org.cxone.accessKeys.find((k) => k.id === fields.accessKeyId);
    const daemon = ctx.org.cxone.clients.find((cl) => cl.key === 'daemon');
    if (!key || key.secret !== fields.accessKeySecret || !daemon) {
      ctx.stats.tokenRequests.push({
        vendor: 'cxone',
        grant: 'access-key',
        clientId: '',
        ok: false,
        at: ctx.clock.now(),
      });
      return c.json({ error: 'invalid_grant', error_description: 'Invalid access key id or secret' }, 401);
    }
    const form = new URLSearchParams({ grant_type: 'password', username: key.id, password: key.secret });
    const result = server.token(form, `Basic ${Buffer.from(`${daemon.id}:${daemon.secret}`).toString('base64')}`);
    if (result.status !== 200)
      return c.json({ error: result.error.error, error_description: result.error.description }, result.status);
    return c.json(result.body);
  });

  mountLoginRoutes(app, server, {
    authorizePath: '/auth/authorize',
    loginPath: '/auth/authorize/login',
    title: 'NICE CXone (emulated)',
  });

  mountCxoneReporting(app, ctx);
  mountCxoneAdmin(app, ctx);
  mountCxonePerformance(app, ctx);
  mountCxoneRealTime(app, ctx);
  mountCxoneDataExtraction(app, ctx);
  mountFaultControl(app, ctx);
  for (const mount of options.mounts) mount(app, ctx);
  app.notFound((c) =>
    vendorError(c, 'cxone', 404, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`),
  );
  return app;
}
