// The doctor's report as text (one block per vendor and one for storage: a line per check, evidence
// and fix indented under it) or JSON.
import type { CheckResult, CheckStatus } from './check-result.js';
import type { DoctorReport } from './run-doctor.js';
import type { StorageReport } from './storage-checks.js';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

export function formatText(reports: DoctorReport[], storage: StorageReport): string {
  return [
    ...reports.map((r) => block(`${r.vendor}${r.org ? ` (org ${r.org})` : ''}`, r.checks)),
    block('storage (DATABASE_URL, REDIS_URL)', storage.checks),
  ].join('\n');
}

export function formatJson(reports: DoctorReport[], storage: StorageReport): string {
  return `${JSON.stringify({ ok: reports.every((r) => r.ok) && storage.ok, reports, storage }, null, 2)}\n`;
}

function block(subject: string, checks: readonly CheckResult[]): string {
  const lines = [`ccpulse doctor: ${subject}`];
  const width = checks.reduce((w, c) => Math.max(w, c.title.length), 0);
  const indent = ' '.repeat(6);
  for (const check of checks) {
    lines.push(`${LABEL[check.status]}  ${check.title.padEnd(width)}  ${check.detail}`);
    for (const line of check.evidence ?? []) lines.push(`${indent}${line}`);
    if (check.fix) lines.push(`${indent}fix: ${check.fix}`);
  }
  lines.push(summary(checks), '');
  return lines.join('\n');
}

function summary(checks: readonly CheckResult[]): string {
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  const [passes, failures, skips] = [count('pass'), count('fail'), count('skip')];
  if (failures > 0) return `${failures} of ${checks.length} checks failed.`;
  if (passes === 0) return `Nothing to check (${skips} skipped).`;
  return `All ${passes} checks passed${skips === 0 ? '' : ` (${skips} skipped)`}.`;
}
