export {
  buildStreams,
  DEFAULT_LOOKBACK_MS,
  type StreamOutcome,
  type SyncDeps,
  type SyncOptions,
  syncOnce,
} from './run-sync.js';
export { cxoneStreams, genesysStreams, type StreamContext, type SyncStream } from './streams.js';
export { planWindows, type StreamCheckpoint, type SyncWindowOptions } from './sync-plan.js';
