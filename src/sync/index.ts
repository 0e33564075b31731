export {
  DEFAULT_LOOKBACK_MS,
  type RunStreamsContext,
  runStreams,
  type StreamOutcome,
  type SyncOptions,
} from './run-sync.js';
export {
  cxoneStreams,
  genesysStreams,
  type StreamContext,
  type StreamProgress,
  type SyncStream,
} from './streams.js';
export {
  type InFlightWindow,
  planWindows,
  readStreamCheckpoint,
  type StreamCheckpoint,
  type SyncWindowOptions,
} from './sync-plan.js';
