export { DecodeWorkerError, DetailsDecoder } from './details-decoder.js';
export { rowsInThread } from './details-rows.js';
export {
  DEFAULT_LOOKBACK_MS,
  runStreams,
  type StreamOutcome,
  type SyncOptions,
} from './run-sync.js';
export {
  cxoneStreams,
  genesysStreams,
  type StreamProgress,
  type SyncStream,
} from './streams.js';
export { readStreamCheckpoint } from './sync-plan.js';
