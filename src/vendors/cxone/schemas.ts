// The CXone reporting fields ccpulse uses. Numbers may arrive as strings, so they are coerced. A 200
// always carries its named array (an empty result is a 204 with no body), so the arrays are required.
import { z } from 'zod';
import { parseIsoDuration } from './iso-duration.js';

const num = z.coerce.number();
/** CXone booleans arrive as booleans, as strings ("True", "false") or, in some lists, as 1/0. */
const bool = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((v) => v === true || v === 1 || (typeof v === 'string' && /^true$/i.test(v)));

export const skillSummary = z
  .object({
    skillId: num,
    skillName: z.string().optional(),
    mediaTypeId: num.optional(),
    mediaTypeName: z.string().optional(),
    isOutbound: bool.default(false),
    contactsOffered: num.default(0),
    contactsHandled: num.default(0),
    abandonCount: num.default(0),
    averageHandleTime: num.default(0),
    averageSpeedToAnswer: num.default(0),
    averageTalkTime: num.default(0),
    averageWrapTime: num.default(0),
    holdTime: num.default(0),
    contactsWithinSLA: num.default(0),
    contactsOutOfSLA: num.default(0),
    serviceLevelGoal: num.optional(),
    // Live counts of the skill, for the dashboard's "now" columns.
    contactsQueued: num.optional(),
    contactsActive: num.optional(),
    agentsLoggedIn: num.optional(),
    agentsAvailable: num.optional(),
  })
  .passthrough();
export type SkillSummary = z.infer<typeof skillSummary>;
export const skillSummaries = z.object({ skillSummaries: z.array(skillSummary) });

export const completedContact = z
  .object({
    contactId: z.union([z.string(), z.number()]).transform(String),
    skillId: num.nullish(),
    agentId: num.nullish(),
    // The media type id is `mediaType` in completed contacts (`mediaTypeId` elsewhere).
    mediaType: num.nullish(),
    mediaTypeId: num.nullish(),
    mediaTypeName: z.string().nullish(),
    isOutbound: bool.default(false),
    // API v33 renamed contactStart, fromAddr and toAddr.
    contactStart: z.string().optional(),
    contactStartDate: z.string().optional(),
    fromAddr: z.string().nullish(),
    fromAddress: z.string().nullish(),
    toAddr: z.string().nullish(),
    toAddress: z.string().nullish(),
    lastUpdateTime: z.string().optional(),
    abandoned: bool,
    inQueueSeconds: num.default(0),
    agentSeconds: num.default(0),
    ACWSeconds: num.default(0),
    totalDurationSeconds: num.default(0),
    primaryDispositionId: num.nullish(),
    secondaryDispositionId: num.nullish(),
    dispositionNotes: z.string().nullish(),
  })
  .passthrough()
  .transform((c, ctx) => {
    const contactStart = c.contactStart ?? c.contactStartDate;
    if (!contactStart) {
      ctx.addIssue({ code: 'custom', path: ['contactStart'], message: 'neither contactStart nor contactStartDate' });
      return z.NEVER;
    }
    return {
      ...c,
      contactStart,
      mediaTypeId: c.mediaTypeId ?? c.mediaType ?? undefined,
      mediaTypeName: c.mediaTypeName ?? undefined,
      skillId: c.skillId ?? undefined,
      agentId: c.agentId ?? undefined,
      fromAddr: c.fromAddr ?? c.fromAddress ?? undefined,
      toAddr: c.toAddr ?? c.toAddress ?? undefined,
      primaryDispositionId: c.primaryDispositionId ?? undefined,
    };
  });
export type CompletedContact = z.infer<typeof completedContact>;
export const completedContacts = z.object({
  completedContacts: z.array(completedContact),
  totalRecords: num.optional(),
  _links: z.object({ next: z.string().nullish() }).partial().optional(),
});

/** An ISO 8601 duration (`PT1M30S`) read into milliseconds; anything else fails validation. */
const duration = z.string().transform((text, ctx) => {
  const ms = parseIsoDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `'${text.slice(0, 40)}' is not an ISO 8601 duration` });
    return z.NEVER;
  }
  return ms;
});
/** Presence durations are null when the tenant has none to report: kept as "not said", never 0. */
const maybeDuration = duration.nullish().transform((ms) => ms ?? undefined);

/** The fields agents/performance and teams/performance-total share; durations in ms. */
const performanceFields = {
  agentOffered: num.default(0),
  inboundHandled: num.default(0),
  inboundTime: duration.default(0),
  inboundTalkTime: duration.default(0),
  outboundHandled: num.default(0),
  outboundTime: duration.default(0),
  outboundTalkTime: duration.default(0),
  totalHandled: num.default(0),
  totalTalkTime: duration.default(0),
  acwTime: duration.default(0),
  refused: num.default(0),
  availableTime: maybeDuration,
  unavailableTime: maybeDuration,
  loginTime: maybeDuration,
};

export const agentPerformanceRow = z
  .object({ agentId: num, teamId: num.optional(), ...performanceFields })
  .passthrough();
export type AgentPerformanceRow = z.infer<typeof agentPerformanceRow>;
export const agentPerformance = z.object({ agentPerformance: z.array(agentPerformanceRow) });

export const teamPerformanceRow = z.object({ teamId: num, ...performanceFields }).passthrough();
export type TeamPerformanceRow = z.infer<typeof teamPerformanceRow>;
export const teamPerformanceTotal = z.object({ teamPerformanceTotal: z.array(teamPerformanceRow) });

export const serviceLevelSummary = z
  .object({
    skillId: num,
    skillName: z.string().optional(),
    contactsWithinSLA: num.default(0),
    contactsOutOfSLA: num.default(0),
    totalContacts: num.default(0),
  })
  .passthrough();
export type ServiceLevelSummary = z.infer<typeof serviceLevelSummary>;
export const serviceLevelSummaries = z.object({
  serviceLevelSummaries: z.array(serviceLevelSummary),
  totalRecords: num.optional(),
  _links: z.object({ next: z.string().nullish() }).partial().optional(),
});

/** `agents/states` row (real-time): the agent's state, since when, and their name. */
const agentStateRow = z
  .object({
    agentId: num,
    agentStateName: z.string(),
    startDate: z.string().optional(),
    lastUpdateTime: z.string().optional(),
    lastPollTime: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    outStateDescription: z.string().nullish(),
    skillId: num.optional(),
  })
  .passthrough();
export const agentStatesResponse = z.object({ agentStates: z.array(agentStateRow) });

/** `skills/activity` row (real-time): a skill's queue and agents now. */
const skillActivityRow = z
  .object({
    skillId: num,
    skillName: z.string().optional(),
    mediaTypeName: z.string().optional(),
    queueCount: num.default(0),
    contactsActive: num.default(0),
    agentsLoggedIn: num.default(0),
    agentsAvailable: num.default(0),
    agentsIdle: num.optional(),
    agentsWorking: num.default(0),
    agentsACW: num.default(0),
    agentsUnavailable: num.default(0),
    earliestQueueTime: z.string().nullish(),
    serviceLevelGoal: num.optional(),
    mediaTypeId: num.optional(),
    isOutbound: z.union([z.boolean(), z.string()]).optional(),
  })
  .passthrough();
export const skillActivityResponse = z.object({
  resultSet: z.object({ lastPollTime: z.string().optional(), skillActivity: z.array(skillActivityRow) }),
});

/** `contacts/active` row (real-time): a contact under way (waiting in queue or with an agent). */
const activeContactRow = z
  .object({
    contactId: z.union([z.string(), z.number()]).transform(String),
    skillId: num.optional(),
    agentId: num.optional(),
    state: z.string().optional(),
    contactStart: z.string().optional(),
    lastUpdateTime: z.string().optional(),
  })
  .passthrough();
export const activeContactsResponse = z.object({
  resultSet: z.object({ lastPollTime: z.string().optional(), activeContacts: z.array(activeContactRow) }),
});

export const dispositionList = z.object({
  dispositions: z.array(
    z.object({ dispositionId: num, dispositionName: z.string(), isActive: bool.optional() }).passthrough(),
  ),
  _links: z.object({ next: z.string().nullish() }).partial().optional(),
});

/**
 * Admin API `GET agents` row: who an agent id is. The fields of singer-io/tap-nice-incontact
 * `schemas/agents.json` that ccpulse reads (that schema types `isActive` as an integer, NICE's own
 * request bodies send "true": `bool` takes either).
 */
const agentListRow = z
  .object({
    agentId: num,
    firstName: z.string().nullish(),
    middleName: z.string().nullish(),
    lastName: z.string().nullish(),
    userName: z.string().nullish(),
    emailAddress: z.string().nullish(),
    isActive: bool.optional(),
    teamId: num.nullish(),
    lastUpdated: z.string().nullish(),
  })
  .passthrough();
export type AgentListRow = z.infer<typeof agentListRow>;
export const agentList = z.object({ agents: z.array(agentListRow) });
