// The fields of Genesys analytics responses ccpulse depends on, validated at the edge. Unknown
// fields pass through untouched (conversation records excepted, below); a missing required one
// fails loudly with its path. "Nothing matched" has the vendor's own shapes — an aggregate query
// without `results`, a details query with `totalHits` and no `conversations` — so only those default
// to empty; a field Genesys always sends (`totalHits`, a job page's `dataAvailabilityDate`,
// observation `results`) is required, so a `200 {}` from something else is a shape error and never
// an empty window.
import { z } from 'zod';

const metricStats = z
  .object({
    count: z.number().optional(),
    sum: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    ratio: z.number().optional(),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
    target: z.number().optional(),
  })
  .passthrough();

// `{}` is Genesys's own "nothing matched" here, so the answer's top level is held to the one field
// the vendor sends (SDK ConversationAggregateQueryResponse: `results` only): anything else — a list,
// an error document from a proxy — is refused instead of read as an empty window.
export const aggregateResponse = z.strictObject({
  results: z
    .array(
      z.object({
        group: z.record(z.string(), z.string()).default({}),
        data: z
          .array(
            z.object({
              interval: z.string(),
              metrics: z.array(z.object({ metric: z.string(), stats: metricStats })).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type AggregateResponse = z.infer<typeof aggregateResponse>;

// Conversation records are read field by field into the model, so their unknown fields are dropped
// rather than copied (zod's passthrough copied each of millions of records' every field).
const segment = z.object({
  segmentStart: z.string(),
  segmentEnd: z.string().optional(),
  segmentType: z.string().optional(),
  queueId: z.string().optional(),
  disconnectType: z.string().optional(),
  wrapUpCode: z.string().optional(),
});

const session = z.object({
  mediaType: z.string().optional(),
  direction: z.string().optional(),
  segments: z.array(segment).default([]),
  metrics: z.array(z.object({ name: z.string(), value: z.number() })).default([]),
});

export const conversationDetail = z.object({
  conversationId: z.string(),
  conversationStart: z.string(),
  conversationEnd: z.string().optional(),
  originatingDirection: z.string().optional(),
  participants: z
    .array(
      z.object({
        participantId: z.string(),
        purpose: z.string(),
        userId: z.string().optional(),
        sessions: z.array(session).default([]),
      }),
    )
    .default([]),
});
export type ConversationDetail = z.infer<typeof conversationDetail>;

export const detailsResponse = z.object({
  conversations: z.array(conversationDetail).default([]),
  totalHits: z.number(),
});

export const jobSubmitted = z.object({ jobId: z.string() });
export const jobStatus = z.object({
  state: z.enum(['QUEUED', 'PENDING', 'FULFILLED', 'FAILED', 'CANCELLED', 'EXPIRED']),
  errorMessage: z.string().optional(),
});
export const jobResults = z.object({
  conversations: z.array(conversationDetail).default([]),
  cursor: z.string().optional(),
  dataAvailabilityDate: z.string(),
});
export const availability = z.object({ dataAvailabilityDate: z.string() });

const observationResult = z.object({
  group: z.record(z.string(), z.string()).default({}),
  data: z
    .array(
      z.object({
        metric: z.string(),
        qualifier: z.string().optional(),
        stats: metricStats.default({}),
        // With `detailMetrics`: one entry per conversation, `observationDate` when it entered the state.
        observations: z.array(z.object({ observationDate: z.string() }).passthrough()).optional(),
      }),
    )
    .default([]),
});
export type ObservationResult = z.infer<typeof observationResult>;
export const observationResponse = z.object({ results: z.array(observationResult) });

export const queueEntity = z
  .object({ id: z.string(), name: z.string(), division: z.object({ id: z.string() }).partial().optional() })
  .passthrough();
const presence = z
  .object({
    presenceDefinition: z.object({ systemPresence: z.string().optional() }).passthrough().optional(),
    modifiedDate: z.string().optional(),
  })
  .passthrough();
const routingStatus = z.object({ status: z.string(), startTime: z.string().optional() }).passthrough();

export const queueMember = z
  .object({
    id: z.string(),
    name: z.string().default(''),
    user: z.object({ email: z.string().optional(), presence: presence.optional() }).passthrough().optional(),
    routingStatus: routingStatus.optional(),
  })
  .passthrough();

/** `v2.users.{id}.activity` push body (AgentActivityChangedTopicAgentActivity in the SDK's typings). */
export const agentActivity = z.object({
  id: z.string(),
  routingStatus: routingStatus.optional(),
  presence: presence.optional(),
});

/** Queue observation topic push body (StatsNotification): results with an interval per data entry. */
export const statsNotification = z.object({
  group: z.record(z.string(), z.string()).default({}),
  data: z
    .array(
      z.object({
        interval: z.string(),
        metrics: z
          .array(z.object({ metric: z.string(), qualifier: z.string().optional(), stats: metricStats.default({}) }))
          .default([]),
      }),
    )
    .default([]),
});

export const userEntity = z
  .object({ id: z.string(), name: z.string().default(''), email: z.string().optional() })
  .passthrough();
/** `GET /api/v2/users/me`: who a user token belongs to. */
export const currentUserEntity = z.object({ id: z.string(), name: z.string() }).passthrough();
