// Genesys routing queues and users lists with the standard entity paging.
import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { GENESYS_PERMISSIONS, type SeedQueue } from '../seed-org.js';
import { authorize } from './genesys-request.js';

function page<T>(c: Context, path: string, items: T[]) {
  const pageSize = Math.min(500, Math.max(1, Number(c.req.query('pageSize') ?? 25) || 25));
  const pageNumber = Math.max(1, Number(c.req.query('pageNumber') ?? 1) || 1);
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const entities = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const link = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
  return c.json({
    entities,
    pageSize,
    pageNumber,
    total: items.length,
    pageCount,
    firstUri: link(1),
    lastUri: link(pageCount),
    selfUri: link(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: link(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: link(pageNumber - 1) } : {}),
  });
}

export function mountGenesysDirectory(app: Hono, ctx: EmulatorContext): void {
  const { org } = ctx;
  const division = (id: string) => {
    const d = org.divisions.find((x) => x.id === id);
    return d ? { id: d.id, name: d.name, selfUri: `/api/v2/authorization/divisions/${d.id}` } : undefined;
  };

  app.get('/api/v2/routing/queues', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.queueView);
    if (principal instanceof Response) return principal;
    const name = c.req.query('name')?.toLowerCase();
    const queues = org.queues
      .filter(
        (q) => principal.visibleQueueIds.has(q.id) && (!name || q.name.toLowerCase().includes(name.replace(/\*/g, ''))),
      )
      .map((q) => ({
        id: q.id,
        name: q.name,
        division: division(q.divisionId),
        memberCount: q.memberIds.length,
        mediaSettings: mediaSettings(q),
        selfUri: `/api/v2/routing/queues/${q.id}`,
      }));
    return page(c, '/api/v2/routing/queues', queues);
  });

  app.get('/api/v2/users', (c) => {
    const principal = authorize(ctx, c, GENESYS_PERMISSIONS.userView);
    if (principal instanceof Response) return principal;
    const users = org.users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      username: u.email,
      state: 'active',
      division: division(u.divisionIds[0] ?? ''),
      // Required by the SDK's User model: the user record's version, 1 for seeded users.
      version: 1,
      selfUri: `/api/v2/users/${u.id}`,
    }));
    return page(c, '/api/v2/users', users);
  });
}

/** The emulated traffic's media per Genesys media setting: a queue's own traffic is of one of them. */
const SETTING_OF: Record<SeedQueue['mediaType'], string> = { voice: 'call', chat: 'chat', email: 'email' };

/**
 * A Genesys queue lists every media type in mediaSettings, whatever it is used for (QueueMediaSettings:
 * call, callback, chat, email, message), each with its alerting timeout and service level. The seeded
 * target applies to the queue's own media; the others carry the emulator's defaults (80 % in 20 s, email
 * in a day).
 */
function mediaSettings(q: SeedQueue) {
  const own = SETTING_OF[q.mediaType];
  const setting = (name: string) => ({
    alertingTimeoutSeconds: name === 'email' ? 300 : 8,
    enableAutoAnswer: false,
    serviceLevel:
      name === own
        ? { percentage: q.serviceLevel.percent / 100, durationMs: q.serviceLevel.thresholdSeconds * 1000 }
        : { percentage: 0.8, durationMs: name === 'email' ? 86_400_000 : 20_000 },
  });
  return Object.fromEntries(['call', 'callback', 'chat', 'email', 'message'].map((name) => [name, setting(name)]));
}
