export { type BoundedStopOptions, stopWithin } from './bounded-stop.js';
export { createDaemonMetrics, type DaemonMetrics, type StreamStatus } from './daemon-metrics.js';
export type { DependencyCheck, DependencyState } from './dependency-checks.js';
export { createHealthApp, type HealthServer, startHealthServer } from './health-server.js';
export {
  DEFAULT_LEASE_MS,
  LeaseStoreError,
  openPgStreamLeases,
  type PgLeaseOptions,
  type PgStreamLeases,
} from './pg-stream-leases.js';
export {
  createDaemon,
  type Daemon,
  type DaemonDeps,
  type DaemonHealth,
  UNHEALTHY_AFTER_FAILURES,
} from './run-daemon.js';
export {
  DEFAULT_SCHEDULE,
  intervalFor,
  parseDuration,
  parseSchedule,
  type Schedule,
  ScheduleError,
} from './schedule.js';
export { createLocalScheduler, type StreamScheduler } from './stream-scheduler.js';
