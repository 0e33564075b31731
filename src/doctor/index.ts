export type { CheckResult, CheckStatus } from './check-result.js';
export { MAX_CLOCK_SKEW_MS } from './clock-skew.js';
export { configuredVendors } from './env-checks.js';
export { formatJson, formatText } from './format-report.js';
export { nearMisses } from './redirect-checks.js';
export { type DoctorOptions, type DoctorReport, runDoctor } from './run-doctor.js';
