// CXone classic reporting API on the emulator (`/inContactAPI/services/v{version}/…`), derived from
// the same traffic as the Genesys side: skill summaries (numbers sent as strings, as CXone does),
// skill SLA summaries paged by `_links.next`, and completed contacts by `updatedSince` with skip/top
// paging, `_links.next` and the cap on how many records one query reaches.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { CXONE_PERMISSIONS } from '../seed-org.js';
import { conversationsBetween, type SimConversation } from '../traffic/traffic.js';
import { authorizeCxone, dateParam, dateRange, pageLinks, reportRows, skipTop } from './cxone-request.js';
import { cxoneLimits } from './reporting-limits.js';
import { skillStats } from './skill-stats.js';

/** CXone caps one completed-contacts response at 10,000 records. */
export const CXONE_MAX_TOP = 10_000;
const MEDIA: Record<string, [number, string]> = { voice: [4, 'Call'], chat: [3, 'Chat'], email: [1, 'Email'] };

export function mountCxoneReporting(app: Hono, ctx: EmulatorContext): void {
  const { org, traffic } = ctx;
  const skillOf = new Map(org.queues.map((q) => [q.id, q]));
  const agentIdOf = new Map(org.users.map((u) => [u.id, u.cxoneAgentId]));
  const base = '/inContactAPI/services/:version';

  /** Visible skills with their ended conversations of [from, to), as of now. */
  const skillsBetween = (visible: ReadonlySet<string>, from: number, to: number) => {
    const ended = conversationsBetween(traffic, from, to, ctx.clock.now());
    return org.queues
      .filter((q) => visible.has(q.id))
      .map((q) => ({
        queue: q,
        stats: skillStats(
          q,
          ended.filter((conv) => conv.queueId === q.id),
        ),
      }));
  };

  app.get(`${base}/skills/summary`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const range = dateRange(c);
    if (range instanceof Response) return range;
    const { from, to } = range;
    const skillSummaries = skillsBetween(principal.visibleQueueIds, from, to).map(({ queue: q, stats }) => {
      const { handled } = stats;
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
        contactsOffered: stats.offered,
        contactsHandled: handled.length,
        abandonCount: stats.offered - handled.length,
        abandonRate: stats.offered ? Math.round(((stats.offered - handled.length) / stats.offered) * 100) : 0,
        averageHandleTime: avg((x) => x.talkMs + x.holdMs + x.acwMs),
        averageSpeedToAnswer: avg((x) => x.waitMs),
        averageTalkTime: avg((x) => x.talkMs),
        averageWrapTime: avg((x) => x.acwMs),
        holdTime: Math.round(handled.reduce((s, x) => s + x.holdMs, 0) / 1000),
        longestQueueDur: Math.round(Math.max(0, ...stats.ended.map((x) => x.waitMs)) / 1000),
        contactsWithinSLA: stats.withinSla,
        contactsOutOfSLA: stats.outOfSla,
        serviceLevel: stats.serviceLevel,
        serviceLevelGoal: q.serviceLevel.percent,
        serviceLevelThreshold: q.serviceLevel.thresholdSeconds,
        agentsLoggedIn: q.memberIds.length,
      };
      // CXone sends these numbers as strings.
      return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
    });
    return reportRows(c, skillSummaries, { skillSummaries });
  });

  app.get(`${base}/skills/sla-summary`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const range = dateRange(c);
    if (range instanceof Response) return range;
    const limits = cxoneLimits(ctx);
    const { skip, top } = skipTop(c, limits.slaSummaryPageSize, CXONE_MAX_TOP);
    const rows = skillsBetween(principal.visibleQueueIds, range.from, range.to).map(({ queue: q, stats }) => ({
      businessUnitId: org.cxone.businessUnitId,
      skillId: q.skillId,
      skillName: q.name,
      contactsWithinSLA: stats.withinSla,
      contactsOutOfSLA: stats.outOfSla,
      totalContacts: stats.offered,
      serviceLevel: stats.serviceLevel,
    }));
    const serviceLevelSummaries = rows.slice(skip, skip + top);
    return reportRows(c, serviceLevelSummaries, {
      totalRecords: rows.length,
      serviceLevelSummaries,
      _links: pageLinks(c, skip, top, rows.length),
    });
  });

  app.get(`${base}/contacts/completed`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const since = dateParam(c, 'updatedSince');
    if (since instanceof Response) return since;
    const { skip, top } = skipTop(c, CXONE_MAX_TOP, CXONE_MAX_TOP);
    const now = ctx.clock.now();
    // Anything updated since `since` started at most ~63 h (late wrap-ups) plus a long email wait before it.
    const records = traffic
      .conversationsStarting(since - 6 * 86_400_000, now)
      .filter((conv) => principal.visibleQueueIds.has(conv.queueId) && conv.end <= now)
      .map((conv) => ({ conv: traffic.asOf(conv, now) as SimConversation, updated: traffic.lastUpdated(conv, now) }))
      .filter((r) => r.updated > since)
      .sort((a, b) => a.updated - b.updated || a.conv.id.localeCompare(b.conv.id));
    // One query reaches only the first `cap` records however it pages; the caller narrows the query
    // (a later `updatedSince`) for the rest. totalRecords still says how many matched.
    const reachable = Math.min(records.length, cxoneLimits(ctx).completedContactsCap);
    const page = records.slice(skip, Math.min(skip + top, reachable));
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
    // Nothing changed since updatedSince, or a page past the end: 204 with no body.
    return reportRows(c, completedContacts, {
      totalRecords: records.length,
      completedContacts,
      _links: pageLinks(c, skip, top, reachable),
    });
  });
}
