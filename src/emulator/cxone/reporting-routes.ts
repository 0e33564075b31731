// CXone classic reporting API on the emulator (`/inContactAPI/services/v{version}/…`), derived from
// the same traffic as the Genesys side: skill summaries (numbers sent as strings, as CXone does),
// skill SLA summaries paged by `_links.next`, and completed contacts by `updatedSince` with skip/top
// paging, `_links.next` and the cap on how many records one query reaches. Limits and their 400 texts
// as CXone words them: updatedSince at most 30 days back, skills/summary at most 30 days long.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { CXONE_PERMISSIONS } from '../seed-org.js';
import { conversationsBetween, type SimConversation } from '../traffic/traffic.js';
import {
  CXONE_DISPOSITIONS,
  CXONE_MEDIA,
  contactFieldNames,
  dispositionIdOf,
  outboundSkill,
  outboundStats,
} from './cxone-catalog.js';
import { authorizeCxone, badRequest, dateParam, dateRange, pageLinks, reportRows, skipTop } from './cxone-request.js';
import { cxoneLimits } from './reporting-limits.js';
import { skillStats } from './skill-stats.js';

/** contacts/completed refuses an updatedSince further back than this. */
const UPDATED_SINCE_MAX_DAYS = 30;
/** CXone caps one completed-contacts response at 10,000 records. */
const CXONE_MAX_TOP = 10_000;

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
    const range = dateRange(c, { days: 30, message: 'Invalid date range. Max 30 days.' });
    if (range instanceof Response) return range;
    const { from, to } = range;
    const inbound = skillsBetween(principal.visibleQueueIds, from, to).map(({ queue: q, stats }) => {
      const { handled } = stats;
      const avg = (f: (x: SimConversation) => number) =>
        handled.length ? Math.round(handled.reduce((s, x) => s + f(x), 0) / handled.length / 1000) : 0;
      const media = CXONE_MEDIA[q.mediaType];
      return {
        businessUnitId: org.cxone.businessUnitId,
        businessUnitName: org.cxone.tenantName,
        skillId: q.skillId,
        skillName: q.name,
        mediaTypeId: media.id,
        mediaTypeName: media.name,
        isOutbound: false,
        contactsOffered: stats.offered,
        contactsHandled: handled.length,
        abandonCount: stats.offered - handled.length,
        abandonRate: stats.offered ? Math.round(((stats.offered - handled.length) / stats.offered) * 100) : 0,
        // CXone's talk time includes hold; handle time is talk plus wrap.
        averageHandleTime: avg((x) => x.talkMs + x.holdMs + x.acwMs),
        averageSpeedToAnswer: avg((x) => x.waitMs),
        averageTalkTime: avg((x) => x.talkMs + x.holdMs),
        averageWrapTime: avg((x) => x.acwMs),
        // The skill's total hold, in seconds.
        holdTime: Math.round(handled.reduce((s, x) => s + x.holdMs, 0) / 1000),
        longestQueueDur: Math.round(stats.ended.reduce((m, x) => Math.max(m, x.waitMs), 0) / 1000),
        contactsWithinSLA: stats.withinSla,
        contactsOutOfSLA: stats.outOfSla,
        serviceLevel: stats.serviceLevel,
        serviceLevelGoal: q.serviceLevel.percent,
        serviceLevelThreshold: q.serviceLevel.thresholdSeconds,
        agentsLoggedIn: q.memberIds.length,
      };
    });
    const dialer = outboundSkill(org);
    const outbound = principal.visibleQueueIds.has(dialer.ownerQueueId)
      ? [outboundRow(org, dialer, outboundStats(org.seed, from, to))]
      : [];
    // CXone sends these numbers and booleans as strings ("4", "True").
    const skillSummaries = [...inbound, ...outbound].map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)]),
      ),
    );
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

  app.get(`${base}/dispositions`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    return reportRows(c, CXONE_DISPOSITIONS, {
      totalRecords: CXONE_DISPOSITIONS.length,
      dispositions: CXONE_DISPOSITIONS,
    });
  });

  app.get(`${base}/contacts/completed`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.reporting);
    if (principal instanceof Response) return principal;
    const since = dateParam(c, 'updatedSince');
    if (since instanceof Response) return since;
    if (since < ctx.clock.now() - UPDATED_SINCE_MAX_DAYS * 86_400_000)
      return badRequest(c, 'updatedSince must be 30 days or less');
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
    const names = contactFieldNames(c.req.param('version') ?? '');
    const completedContacts = page.map(({ conv, updated }) => {
      const media = CXONE_MEDIA[conv.mediaType];
      return {
        contactId: conv.id,
        masterContactId: conv.id,
        skillId: skillOf.get(conv.queueId)?.skillId,
        skillName: skillOf.get(conv.queueId)?.name,
        agentId: conv.agentId ? agentIdOf.get(conv.agentId) : undefined,
        // The media type id is `mediaType` in this report.
        mediaType: media.id,
        mediaTypeName: media.name,
        isOutbound: false,
        [names.from]: conv.ani.replace('tel:', ''),
        [names.to]: '8005550100',
        [names.start]: new Date(conv.start).toISOString(),
        lastUpdateTime: new Date(updated).toISOString(),
        abandoned: !conv.answered,
        inQueueSeconds: Math.round(conv.waitMs / 1000),
        agentSeconds: Math.round((conv.talkMs + conv.holdMs) / 1000),
        holdSeconds: Math.round(conv.holdMs / 1000),
        ACWSeconds: Math.round(conv.acwMs / 1000),
        totalDurationSeconds: Math.round((conv.end - conv.start) / 1000),
        // Dispositions by id only; their names are in the dispositions list.
        primaryDispositionId: dispositionIdOf(conv.wrapUpCode),
        secondaryDispositionId: 0,
        dispositionNotes: '',
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

/** The dialer skill's skills/summary row: dials are its offered contacts, connects its handled ones. */
function outboundRow(
  org: EmulatorContext['org'],
  dialer: ReturnType<typeof outboundSkill>,
  stats: ReturnType<typeof outboundStats>,
) {
  const average = stats.connects ? Math.round(stats.talkSeconds / stats.connects) : 0;
  return {
    businessUnitId: org.cxone.businessUnitId,
    businessUnitName: org.cxone.tenantName,
    skillId: dialer.skillId,
    skillName: dialer.skillName,
    mediaTypeId: CXONE_MEDIA.voice.id,
    mediaTypeName: CXONE_MEDIA.voice.name,
    isOutbound: true,
    contactsOffered: stats.dials,
    contactsHandled: stats.connects,
    abandonCount: 0,
    abandonRate: 0,
    averageHandleTime: average,
    averageSpeedToAnswer: 0,
    averageTalkTime: average,
    averageWrapTime: 0,
    holdTime: 0,
    longestQueueDur: 0,
    contactsWithinSLA: 0,
    contactsOutOfSLA: 0,
    serviceLevel: 100,
    serviceLevelGoal: 90,
    serviceLevelThreshold: 30,
    agentsLoggedIn: dialer.members,
    dials: stats.dials,
    connects: stats.connects,
  };
}
