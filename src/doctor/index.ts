export type { CheckResult } from './check-result.js';

export { configuredVendors } from './env-checks.js';
export { formatJson, formatText } from './format-report.js';

export { type DoctorReport, runDoctor } from './run-doctor.js';
export { runStorageDoctor, type StorageReport } from './storage-checks.js';
