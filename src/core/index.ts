export { fullJitterDelay } from './backoff.js';
export { CcpulseError } from './ccpulse-error.js';
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js';
export { describeError, describeNetworkError } from './describe-error.js';
export { closest, editDistance } from './did-you-mean.js';
export type { ErrorCode, ErrorKind } from './error-codes.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { isLoopbackHost, isLoopbackHttpUrl } from './loopback.js';
export type { LogFormat } from './pretty-log.js';
export { ensurePrivateDir, ensurePrivateFile, narrowToOwner } from './private-files.js';
export { parseRetryAfter } from './retry-after.js';
export { redactToken, redactUrlCredentials, Secret } from './secret.js';
export {
  clockTime,
  dayLabel,
  dayStart,
  hourStart,
  monthStart,
  offsetAt,
  validTimeZone,
  weekStart,
  zoneAbbreviation,
  zonedInstant,
  zonedIso,
} from './time-zone.js';
