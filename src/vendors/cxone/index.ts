export {
  COMPLETED_CONTACTS_CAP,
  CONTACTS_UPDATED_SINCE_MAX_DAYS,
  CompletedContactsStuckError,
  clampUpdatedSince,
  completedContactPages,
  type UnreachableSpan,
} from './completed-contacts.js';
export {
  CxoneApiVersionError,
  CxoneDiscoveryError,
  CxoneIssuerUnavailableError,
  discoverCxoneApiBase,
} from './cxone-api-base.js';
export { cxoneGet } from './cxone-pages.js';
export {
  downloadExtraction,
  EXTRACTION_START_INTERVAL_MS,
  type ExtractedInteraction,
  ExtractionDownloadError,
  ExtractionJobBusyError,
  ExtractionJobFailedError,
  type ExtractionRequest,
  type ExtractionStage,
  ExtractionUrlExpiredError,
  extractInteractions,
  INTERACTION_METADATA,
  startExtractionJob,
  waitForExtractionJob,
} from './data-extraction.js';
export { listCxoneAgents } from './directory-api.js';
export { parseIsoDuration } from './iso-duration.js';
export {
  queueSkills,
  type SkillServiceLevel,
  type TeamPerformance,
  toAgent,
  toAgentInterval,
  toConversation,
  toQueueInterval,
  toSkillServiceLevel,
  toTeamPerformance,
} from './map-to-model.js';
export { CXONE_RATE_PER_MINUTE } from './rate-limits.js';
export {
  type ActiveContact,
  activeContacts,
  agentStates,
  type RealTimeRead,
  skillActivity,
} from './real-time-api.js';
export { CXONE_PROBES } from './report-probes.js';
export {
  AGENT_PERFORMANCE_MAX_DAYS,
  agentPerformanceIntervals,
  CxoneDateRangeError,
  skillServiceLevels,
  skillSummaryIntervals,
  skillSummaryWindow,
  teamPerformanceTotals,
} from './reporting-api.js';
