export { CXONE_RATE_PER_MINUTE, connectCxone } from './connect-cxone.js';
export { CxoneDiscoveryError, discoverCxoneApiBase } from './cxone-api-base.js';
export { toConversation, toQueueInterval } from './map-to-model.js';
export { completedContactPages, skillSummaryIntervals } from './reporting-api.js';
