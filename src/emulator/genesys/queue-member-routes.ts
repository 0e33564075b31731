// GET /api/v2/routing/queues/{queueId}/members: a queue's agents with their routing status (and,
// with expand=presence, their presence), QueueMemberEntityListing paged by nextUri (no total), as in
// the SDK's typings. A queue outside the caller's divisions is "not found", like an unknown one.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { GENESYS_PERMISSIONS } from '../seed-org.js';
import { agentStatuses } from '../traffic/agent-status.js';
import { LONGEST_CONVERSATION_MS } from '../traffic/traffic.js';
import { genesysError } from '../vendor-errors.js';
import { authorize } from './genesys-request.js';
import { PRESENCES } from './notification-events.js';

export function mountQueueMembers(app: Hono, ctx: EmulatorContext): void {
  app.get('/api/v2/routing/queues/:queueId/members', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.queueView);
    if (principal instanceof Response) return principal;
    const queueId = c.req.param('queueId');
    const queue = ctx.org.queues.find((q) => q.id === queueId && principal.visibleQueueIds.has(q.id));
    if (!queue) return c.json(genesysError(404, 'not.found', 'The requested queue was not found.'), 404);
    const expand = new Set((c.req.queries('expand') ?? []).flatMap((e) => e.split(',')));
    const pageSize = Math.min(100, Math.max(1, Number(c.req.query('pageSize') ?? 25) || 25));
    const pageNumber = Math.max(1, Number(c.req.query('pageNumber') ?? 1) || 1);
    const now = ctx.clock.now();
    const recent = ctx.traffic.conversationsStarting(now - LONGEST_CONVERSATION_MS, now + 1);
    const agents = agentStatuses(ctx.org, recent, now);
    const members = ctx.org.users
      .filter((u) => queue.memberIds.includes(u.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => {
        const status = agents.get(u.id);
        const since = new Date(status?.since ?? now).toISOString();
        const routingStatus = { userId: u.id, status: status?.status ?? 'OFF_QUEUE', startTime: since };
        const presence = status?.status === 'OFF_QUEUE' ? PRESENCES.available : PRESENCES.onQueue;
        return {
          id: u.id,
          name: u.name,
          user: {
            id: u.id,
            name: u.name,
            email: u.email,
            state: 'active',
            version: 1,
            ...(expand.has('presence')
              ? { presence: { presenceDefinition: presence, modifiedDate: since, source: 'PURECLOUD' } }
              : {}),
            selfUri: `/api/v2/users/${u.id}`,
          },
          ringNumber: 1,
          joined: true,
          memberBy: 'user',
          ...(expand.has('routingStatus') ? { routingStatus } : {}),
          selfUri: `/api/v2/users/${u.id}`,
        };
      });
    const path = `/api/v2/routing/queues/${queue.id}/members`;
    const link = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
    const entities = members.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return c.json({
      entities,
      pageNumber,
      pageSize,
      firstUri: link(1),
      selfUri: link(pageNumber),
      ...(pageNumber * pageSize < members.length ? { nextUri: link(pageNumber + 1) } : {}),
      ...(pageNumber > 1 ? { previousUri: link(pageNumber - 1) } : {}),
    });
  });
}
