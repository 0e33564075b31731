export {
  AGENT_INTERVAL_METRICS,
  type AgentIntervalQuery,
  conversationDetailPages,
  DETAILS_SAFETY_MARGIN_MS,
  DetailsJobFailedError,
  type DetailsQuery,
  dataAvailabilityDate,
  deleteDetailsJob,
  detailsJobPages,
  detailsJobResultPages,
  detailsQueryPages,
  type IntervalQuery,
  type JobResultsPage,
  QUEUE_INTERVAL_METRICS,
  QUEUE_OBSERVATION_METRICS,
  queryAgentIntervals,
  queryQueueIntervals,
  queueObservations,
  queueSnapshots,
  submitDetailsJob,
  waitForDetailsJob,
} from './analytics-api.js';
export {
  type DetailsPage,
  type DetailsPageReader,
  type DetailsPageRequest,
  readDetailsPage,
} from './details-pages.js';
export { currentUser, listAgents, listQueues } from './directory-api.js';
export {
  type GenesysPush,
  queueObservationTopic,
  readGenesysPush,
  UnexpectedPushError,
  userActivityTopic,
} from './live-events.js';
export { toAgentIntervals, toConversation, toQueueIntervals, toQueueSnapshots } from './map-to-model.js';
export {
  CHANNEL_LIFETIME_MS,
  NotificationSocketError,
  NotificationStream,
  type NotificationStreamOptions,
  type StreamState,
} from './notification-stream.js';
export { MAX_TOPICS_PER_CHANNEL } from './notifications-api.js';
export { GENESYS_CLIENT_RATE_PER_MINUTE, GENESYS_USER_RATE_PER_MINUTE } from './rate-limits.js';
export { GENESYS_PROBES } from './report-probes.js';
export { type QueueMembers, queueMembers } from './routing-api.js';
