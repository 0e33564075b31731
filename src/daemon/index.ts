export { stopWithin } from './bounded-stop.js';
export type { StreamStatus } from './daemon-metrics.js';
export type { DependencyCheck } from './dependency-checks.js';
export { startHealthServer } from './health-server.js';
export { openPgStreamLeases } from './pg-stream-leases.js';
export {
  createDaemon,
  type Daemon,
} from './run-daemon.js';
export {
  DEFAULT_SCHEDULE,
  intervalFor,
  parseSchedule,
  type Schedule,
  ScheduleError,
} from './schedule.js';
