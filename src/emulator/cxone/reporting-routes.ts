// CXone classic reporting API on the emulator (`/inContactAPI/services/v{version}/…`), derived from
// the same traffic as the Genesys side: skill summaries (numbers sent as strings, as CXone does) and
// completed contacts by `updatedSince` with skip/top paging and `_links.next`.
import type { Context, Hono } from 'hono';
import { authenticateBearer, requirePermission } from '../bearer-auth.js';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { CXONE_PERMISSIONS } from '../seed-org.js';
import { conversationsBetween, type SimConversation } from '../traffic/traffic.js';
import { cxoneError } from '../vendor-errors.js';

/** CXone caps one completed-contacts response at 10,000 records. */
export const CXONE_MAX_TOP = 10_000;
const MEDIA: Record<string, [number, string]> = { voice: [4, 'Call'], chat: [3, 'Chat'], email: [1, 'Email'] };

export function mountCxoneReporting(app: Hono, ctx: EmulatorContext): void {
  const { org, traffic } = ctx;
  const skillOf = new Map(org.queues.map((q) => [q.id, q]));
  const agentIdOf = new Map(org.users.map((u) => [u.id, u.cxoneAgentId]));

  const who = (c: Context): Principal | Response => {
    const auth = authenticateBearer(ctx, 'cxone', c.req.header('authorization'));
    if (!auth.ok) return c.json(auth.body, auth.status);
    const denied = requirePermission(auth.principal, CXONE_PERMISSIONS.reporting);
    return denied ? c.json(denied, 403) : auth.principal;
  };
  const date = (c: Context, name: string): number | Response => {
    const value = c.req.query(name);
    const ms = value ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms)
      ? c.json(cxoneError(400, 'InvalidParameter', `${name} is required as an ISO 8601 date-time`), 400)
      : ms;
  };

  app.get('/inContactAPI/services/:version/skills/summary', (c) => {
    const principal = who(c);
    if (principal instanceof Response) return principal;
    const from = date(c, 'startDate');
    if (from instanceof Response) return from;
    const to = date(c, 'endDate');
    if (to instanceof Response) return to;
    const now = ctx.clock.now();
    const ended = conversationsBetween(traffic, from, to, now).filter((conv) =>
      principal.visibleQueueIds.has(conv.queueId),
    );
    const skillSummaries = org.queues
      .filter((q) => principal.visibleQueueIds.has(q.id))
      .map((q) => {
        const list = ended.filter((conv) => conv.queueId === q.id);
        const handled = list.filter((conv) => conv.answered);
        const within = handled.filter((conv) => conv.waitMs <= q.serviceLevel.thresholdSeconds * 1000).length;
        const avg = (f: (x: SimConversation) => number) =>
          handled.length ? Math.round(handled.reduce((s, x) => s + f(x), 0) / handled.length / 1000) : 0;
        const [mediaTypeId, mediaTypeName] = MEDIA[q.mediaType] ?? [0, 'Other'];
        const fields: Record<string, string | number | boolean> = {
          startDate: new Date(from).toISOString(),
          endDate: new Date(to).toISOString(),
          businessUnitId: org.cxone.businessUnitId,
          skillId: q.skillId,
          skillName: q.name,
          mediaTypeId,
          mediaTypeName,
          isOutbound: false,
          contactsOffered: list.length,
          contactsHandled: handled.length,
          abandonCount: list.length - handled.length,
          abandonRate: list.length ? Math.round(((list.length - handled.length) / list.length) * 100) : 0,
          averageHandleTime: avg((x) => x.talkMs + x.holdMs + x.acwMs),
          averageSpeedToAnswer: avg((x) => x.waitMs),
          averageTalkTime: avg((x) => x.talkMs),
          averageWrapTime: avg((x) => x.acwMs),
          holdTime: Math.round(handled.reduce((s, x) => s + x.holdMs, 0) / 1000),
          longestQueueDur: Math.round(Math.max(0, ...list.map((x) => x.waitMs)) / 1000),
          contactsWithinSLA: within,
          contactsOutOfSLA: list.length - within,
          serviceLevel: list.length ? Math.round((within / list.length) * 100) : 0,
          serviceLevelGoal: q.serviceLevel.percent,
          serviceLevelThreshold: q.serviceLevel.thresholdSeconds,
          agentsLoggedIn: q.memberIds.length,
        };
        // CXone sends these numbers as strings.
        return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
      });
    return c.json({ skillSummaries });
  });

  app.get('/inContactAPI/services/:version/contacts/completed', (c) => {
    const principal = who(c);
    if (principal instanceof Response) return principal;
    const since = date(c, 'updatedSince');
    if (since instanceof Response) return since;
    const top = Math.min(CXONE_MAX_TOP, Math.max(1, Number(c.req.query('top') ?? CXONE_MAX_TOP) || CXONE_MAX_TOP));
    const skip = Math.max(0, Number(c.req.query('skip') ?? 0) || 0);
    const now = ctx.clock.now();
    // Anything updated since `since` started at most ~63 h (late wrap-ups) plus a long email wait before it.
    const records = traffic
      .conversationsStarting(since - 6 * 86_400_000, now)
      .filter((conv) => principal.visibleQueueIds.has(conv.queueId) && conv.end <= now)
      .map((conv) => ({ conv: traffic.asOf(conv, now) as SimConversation, updated: traffic.lastUpdated(conv, now) }))
      .filter((r) => r.updated > since)
      .sort((a, b) => a.updated - b.updated || a.conv.id.localeCompare(b.conv.id));
    const page = records.slice(skip, skip + top);
    const url = new URL(c.req.url);
    url.searchParams.set('skip', String(skip + top));
    url.searchParams.set('top', String(top));
    const completedContacts = page.map(({ conv, updated }) => {
      const [mediaTypeId, mediaTypeName] = MEDIA[conv.mediaType] ?? [0, 'Other'];
      return {
        contactId: conv.id,
        masterContactId: conv.id,
        skillId: skillOf.get(conv.queueId)?.skillId,
        skillName: skillOf.get(conv.queueId)?.name,
        agentId: conv.agentId ? agentIdOf.get(conv.agentId) : undefined,
        mediaTypeId,
        mediaTypeName,
        isOutbound: false,
        fromAddr: conv.ani.replace('tel:', ''),
        contactStart: new Date(conv.start).toISOString(),
        lastUpdateTime: new Date(updated).toISOString(),
        abandoned: !conv.answered,
        inQueueSeconds: Math.round(conv.waitMs / 1000),
        agentSeconds: Math.round((conv.talkMs + conv.holdMs) / 1000),
        holdSeconds: Math.round(conv.holdMs / 1000),
        ACWSeconds: Math.round(conv.acwMs / 1000),
        totalDurationSeconds: Math.round((conv.end - conv.start) / 1000),
        dispositionName: conv.wrapUpCode,
      };
    });
    return c.json({
      totalRecords: records.length,
      completedContacts,
      _links: { self: c.req.url, next: skip + top < records.length ? url.toString() : null },
    });
  });
}
