// The CXone reporting fields ccpulse uses. Numbers may arrive as strings, so they are coerced.
import { z } from 'zod';

const num = z.coerce.number();

export const skillSummary = z
  .object({
    skillId: num,
    skillName: z.string().optional(),
    mediaTypeName: z.string().optional(),
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
  })
  .passthrough();
export type SkillSummary = z.infer<typeof skillSummary>;
export const skillSummaries = z.object({ skillSummaries: z.array(skillSummary).default([]) });

export const completedContact = z
  .object({
    contactId: z.union([z.string(), z.number()]).transform(String),
    skillId: num.optional(),
    agentId: num.optional(),
    mediaTypeName: z.string().optional(),
    isOutbound: z.union([z.boolean(), z.string()]).optional(),
    contactStart: z.string(),
    lastUpdateTime: z.string().optional(),
    abandoned: z.union([z.boolean(), z.string()]).transform((v) => v === true || v === 'true' || v === 'True'),
    inQueueSeconds: num.default(0),
    agentSeconds: num.default(0),
    ACWSeconds: num.default(0),
    totalDurationSeconds: num.default(0),
    dispositionName: z.string().optional(),
  })
  .passthrough();
export type CompletedContact = z.infer<typeof completedContact>;
export const completedContacts = z.object({
  completedContacts: z.array(completedContact).default([]),
  totalRecords: num.optional(),
  _links: z.object({ next: z.string().nullish() }).partial().optional(),
});
