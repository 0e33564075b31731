// The Notifications API's REST side on the emulator: create and list channels, check one, and read,
// replace (PUT), extend (POST) or clear (DELETE) its subscriptions. Any valid token of the channel's
// user and OAuth client manages it (channels belong to the user/app pair, not to one token), so a
// refreshed token keeps its channel. A topic the caller may not see fails the whole request unless
// `ignoreErrors=true`, which answers each topic's state (Permitted / Rejected) instead.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { authenticateBearer } from '../bearer-auth.js';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { genesysError } from '../vendor-errors.js';
import type { Channel, NotificationHub } from './notification-hub.js';
import { checkTopic, expandTopic, type Topic } from './notification-topics.js';

const topicList = z.array(z.object({ id: z.string().min(1) }).passthrough());

export function mountNotificationRoutes(app: Hono, ctx: EmulatorContext, hub: NotificationHub): void {
  const caller = (c: Context): Principal | Response => {
    const auth = authenticateBearer(ctx, 'genesys', c.req.header('authorization'));
    return auth.ok ? auth.principal : c.json(auth.body, auth.status);
  };
  const channelOf = (c: Context, principal: Principal): Channel | Response => {
    const channel = hub.channelFor(principal, c.req.param('channelId') ?? '');
    return channel ?? c.json(genesysError(404, 'not.found', 'The requested channel was not found.'), 404);
  };
  const view = (ch: Channel) => ({
    id: ch.id,
    connectUri: hub.connectUri(ch),
    expires: new Date(ch.expiresAt).toISOString(),
  });
  const entities = (ch: Channel) => ({
    entities: [...ch.topics.keys()].map((id) => ({ id, state: 'Permitted' })),
  });

  app.post('/api/v2/notifications/channels', (c) => {
    const principal = caller(c);
    if (principal instanceof Response) return principal;
    return c.json(view(hub.createChannel(principal)));
  });

  app.get('/api/v2/notifications/channels', (c) => {
    const principal = caller(c);
    if (principal instanceof Response) return principal;
    const scope = c.req.query('includechannels') ?? 'token';
    if (scope !== 'token' && scope !== 'oauthclient')
      return c.json(genesysError(400, 'bad.request', `includechannels must be token or oauthclient`), 400);
    const list = hub.channelsOf(principal).flatMap((ch) => {
      if (ch.createdWith === principal.token.value) return [view(ch)];
      // Other tokens' channels are shown to exist, without their ids.
      return scope === 'oauthclient' ? [{ expires: new Date(ch.expiresAt).toISOString() }] : [];
    });
    return c.json({ entities: list });
  });

  // HEAD only (the SDK's headNotificationsChannel). Hono routes a HEAD request through the GET route
  // of its path (an `app.on('HEAD')` route is never reached), so this is that GET route, answering HEAD.
  app.get('/api/v2/notifications/channels/:channelId', (c) => {
    if (c.req.method !== 'HEAD')
      return c.json(genesysError(404, 'not.found', `No route for GET ${new URL(c.req.url).pathname}`), 404);
    const principal = caller(c);
    if (principal instanceof Response) return c.body(null, principal.status as 401);
    return c.body(null, hub.channelFor(principal, c.req.param('channelId')) ? 200 : 404);
  });

  app.get('/api/v2/notifications/channels/:channelId/subscriptions', (c) => {
    const principal = caller(c);
    if (principal instanceof Response) return principal;
    const channel = channelOf(c, principal);
    if (channel instanceof Response) return channel;
    return c.json(entities(channel));
  });

  const subscribe = (add: boolean) => async (c: Context) => {
    const principal = caller(c);
    if (principal instanceof Response) return principal;
    const channel = channelOf(c, principal);
    if (channel instanceof Response) return channel;
    const parsed = topicList.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return c.json(genesysError(400, 'bad.request', 'The body must be a list of topics: [{"id": "..."}]'), 400);
    const ignoreErrors = c.req.query('ignoreErrors') === 'true';
    const ids = [...new Set(parsed.data.flatMap((t) => expandTopic(t.id)))];
    const total = new Set([...(add ? channel.topics.keys() : []), ...ids]).size;
    if (total > hub.settings.maxTopics)
      return c.json(
        genesysError(
          400,
          'bad.request',
          `A channel can have at most ${hub.settings.maxTopics} topics; this request would make ${total}`,
        ),
        400,
      );
    const checks = ids.map((id) => checkTopic(ctx, principal, id));
    const permitted: Topic[] = checks.flatMap((x) => (x.ok ? [x.topic] : []));
    const rejected = checks.flatMap((x) => (x.ok ? [] : [x]));
    if (rejected.length > 0 && !ignoreErrors) {
      const missing = [...new Set(rejected.flatMap((r) => r.missing))];
      const first = rejected[0];
      const body =
        missing.length > 0
          ? genesysError(
              403,
              'missing.permissions',
              `Unable to subscribe to ${rejected.length} topic(s), e.g. ${first?.id}: you are missing the following permission(s): [${missing.join(', ')}]`,
            )
          : genesysError(400, 'bad.request', `Invalid topic ${first?.id}: ${first?.reason}`);
      return c.json(body, body.status as 403 | 400);
    }
    hub.setTopics(channel, permitted, add);
    return c.json({
      entities: [
        ...permitted.map((t) => ({ id: t.id, state: 'Permitted' })),
        ...rejected.map((r) => ({
          id: r.id,
          state: 'Rejected',
          rejectionReason: r.reason,
          ...(r.missing.length > 0 ? { missingPermissions: r.missing } : {}),
        })),
      ],
    });
  };
  app.put('/api/v2/notifications/channels/:channelId/subscriptions', subscribe(false));
  app.post('/api/v2/notifications/channels/:channelId/subscriptions', subscribe(true));

  app.delete('/api/v2/notifications/channels/:channelId/subscriptions', (c) => {
    const principal = caller(c);
    if (principal instanceof Response) return principal;
    const channel = channelOf(c, principal);
    if (channel instanceof Response) return channel;
    hub.clearTopics(channel);
    return c.body(null, 204);
  });
}
