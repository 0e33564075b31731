export { type ExportResult, exportRelation, parseWatermark } from './export-relation.js';
export { ReportInputError } from './report-input-error.js';
export {
  BUCKETS,
  type Bucket,
  PERIODS,
  type Period,
  parseBucket,
  parseZonedTime,
  resolvePeriod,
  resolveZone,
} from './report-period.js';
export { closeNames, resolveScope, type Scope, type ScopeInput } from './report-scope.js';
export {
  queueMeasures,
  REPORT_KINDS,
  type Report,
  type ReportColumnKind,
  type ReportKind,
  type ReportRow,
  runReport,
} from './run-report.js';
