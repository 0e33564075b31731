export { exportRelation, parseWatermark } from './export-relation.js';
export { ReportInputError } from './report-input-error.js';
export {
  BUCKETS,
  PERIODS,
  parseBucket,
  resolvePeriod,
  resolveZone,
} from './report-period.js';
export { noQueueMatches, resolveScope } from './report-scope.js';
export {
  queueMeasures,
  REPORT_KINDS,
  type Report,
  type ReportKind,
  runReport,
} from './run-report.js';
