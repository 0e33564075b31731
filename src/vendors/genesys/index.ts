export {
  conversationDetailPages,
  DETAILS_SAFETY_MARGIN_MS,
  DetailsJobFailedError,
  type DetailsQuery,
  dataAvailabilityDate,
  deleteDetailsJob,
  detailsJobPages,
  type IntervalQuery,
  QUEUE_INTERVAL_METRICS,
  queryQueueIntervals,
  queueSnapshots,
  submitDetailsJob,
  waitForDetailsJob,
} from './analytics-api.js';
export {
  type ConnectDeps,
  connectGenesys,
  GENESYS_CLIENT_RATE_PER_MINUTE,
  GENESYS_USER_RATE_PER_MINUTE,
} from './connect-genesys.js';
export { listAgents, listQueues } from './directory-api.js';
export { toConversation, toQueueIntervals, toQueueSnapshots } from './map-to-model.js';
