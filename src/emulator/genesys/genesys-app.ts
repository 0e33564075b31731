// The Genesys Cloud emulator: the login host's OAuth paths and the API host's /api/v2 paths on one
// server. Every API response carries `inin-correlation-id`; error bodies use it as `contextId`.
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { authenticateBearer } from '../bearer-auth.js';
import type { EmulatorContext } from '../emulator-context.js';
import { faultMiddleware, mountFaultControl } from '../faults.js';
import { createAuthorizationServer } from '../oauth/authorization-server.js';
import { mountLoginRoutes } from '../oauth/login-routes.js';
import { type RateLimitSettings, rateLimitMiddleware } from '../rate-limit.js';
import type { RouteMount } from '../route-mounts.js';
import { genesysError } from '../vendor-errors.js';
import { mountGenesysAnalytics } from './analytics-routes.js';
import { mountGenesysDirectory } from './directory-routes.js';
import type { NotificationHub } from './notification-hub.js';
import { mountNotificationRoutes } from './notification-routes.js';
import { mountQueueMembers } from './queue-member-routes.js';

interface GenesysAppOptions {
  issuer: string;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  rotateRefreshTokens: boolean;
  rateLimits: RateLimitSettings;
  tokenRequestsPerMinute: number;
  mounts: RouteMount[];
  notifications: NotificationHub;
}

export function createGenesysApp(ctx: EmulatorContext, options: GenesysAppOptions): Hono {
  const app = new Hono();
  const server = createAuthorizationServer({
    vendor: 'genesys',
    ctx,
    issuer: options.issuer,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    codeLifetimeSeconds: options.codeLifetimeSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens,
    tokenRequestsPerMinute: options.tokenRequestsPerMinute,
    mintAccessToken: () => randomBytes(48).toString('base64url'),
    defaultScopes: (client) => client.allowedScopes,
  });

  app.use('/api/*', async (c, next) => {
    await next();
    // Errors already carry a contextId; the header must equal it, as on the real API.
    let correlationId: string = randomUUID();
    if (c.res.status >= 400 && c.res.headers.get('content-type')?.includes('json')) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => undefined)) as { contextId?: unknown } | undefined;
      if (typeof body?.contextId === 'string') correlationId = body.contextId;
    }
    c.res.headers.set('inin-correlation-id', correlationId);
    ctx.stats.apiRequests.push({
      vendor: 'genesys',
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      at: ctx.clock.now(),
    });
  });

  // Limits outside faults: every answer, an injected one too, carries the inin-ratelimit-* headers.
  app.use('/api/*', rateLimitMiddleware(ctx, 'genesys', options.rateLimits));
  app.use('/api/*', faultMiddleware(ctx, 'genesys'));

  app.post('/oauth/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const result = server.token(form, c.req.header('authorization'));
    c.header('cache-control', 'no-store');
    if (result.status === 200) return c.json(result.body);
    if (result.status === 429) c.header('retry-after', String(result.retryAfterSeconds));
    const { error, description } = result.error;
    return c.json({ error, description, error_description: description }, result.status);
  });

  mountLoginRoutes(app, server, {
    authorizePath: '/oauth/authorize',
    loginPath: '/oauth/authorize/login',
    title: 'Genesys Cloud (emulated)',
  });

  app.get('/api/v2/tokens/me', (c) => {
    const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
    if (!auth.ok) return c.json(auth.body, auth.status);
    const { token } = auth.principal;
    // TokenInfo's organizations are NamedEntity: id and name only.
    const organization = { id: ctx.org.genesys.orgId, name: ctx.org.genesys.orgName };
    return c.json({
      organization,
      homeOrganization: organization,
      authorizedScope: token.user ? token.scopes : ['*'],
      OAuthClient: {
        id: token.client.id,
        name: token.client.name,
        authorizedGrantType: token.user ? 'CODE' : 'CLIENT-CREDENTIALS',
        ...(token.user ? { scope: token.client.allowedScopes } : {}),
        state: 'active',
        organization: { id: organization.id, name: organization.name },
      },
    });
  });

  app.delete('/api/v2/tokens/me', (c) => {
    const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
    if (!auth.ok) return c.json(auth.body, auth.status);
    server.revoke(auth.principal.token.value);
    return c.body(null, 204);
  });

  app.get('/api/v2/users/me', (c) => {
    const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
    if (!auth.ok) return c.json(auth.body, auth.status);
    const user = auth.principal.token.user;
    if (!user) {
      return c.json(
        genesysError(
          400,
          'bad.request',
          'This request requires a user context. Client credentials cannot be used for requests to this resource.',
        ),
        400,
      );
    }
    const division = ctx.org.divisions.find((d) => d.id === user.divisionIds[0]);
    return c.json({
      id: user.id,
      name: user.name,
      division: division
        ? { id: division.id, name: division.name, selfUri: `/api/v2/authorization/divisions/${division.id}` }
        : undefined,
      email: user.email,
      state: 'active',
      username: user.email,
      version: 1,
      selfUri: `/api/v2/users/${user.id}`,
    });
  });

  mountGenesysAnalytics(app, ctx, { concurrentJobs: options.rateLimits.detailsJobsConcurrent });
  mountGenesysDirectory(app, ctx);
  mountQueueMembers(app, ctx);
  mountNotificationRoutes(app, ctx, options.notifications);
  mountFaultControl(app, ctx);
  for (const mount of options.mounts) mount(app, ctx);

  app.notFound((c) =>
    c.json(genesysError(404, 'not.found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404),
  );
  return app;
}
