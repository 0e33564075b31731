// The doctor's report as text (one line per check, evidence and fix indented under it) or JSON.
import type { CheckStatus } from './check-result.js';
import type { DoctorReport } from './run-doctor.js';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

export function formatText(reports: DoctorReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`ccpulse doctor: ${report.vendor}${report.org ? ` (org ${report.org})` : ''}`);
    const width = report.checks.reduce((w, c) => Math.max(w, c.title.length), 0);
    for (const check of report.checks) {
      lines.push(`${LABEL[check.status]}  ${check.title.padEnd(width)}  ${check.detail}`);
      const indent = ' '.repeat(6);
      for (const line of check.evidence ?? []) lines.push(`${indent}${line}`);
      if (check.fix) lines.push(`${indent}fix: ${check.fix}`);
    }
    const failures = report.checks.filter((c) => c.status === 'fail').length;
    lines.push(
      failures === 0
        ? `All ${report.checks.filter((c) => c.status === 'pass').length} checks passed${skippedNote(report)}.`
        : `${failures} of ${report.checks.length} checks failed.`,
      '',
    );
  }
  return `${lines.join('\n')}`;
}

export function formatJson(reports: DoctorReport[]): string {
  return `${JSON.stringify({ ok: reports.every((r) => r.ok), reports }, null, 2)}\n`;
}

function skippedNote(report: DoctorReport): string {
  const n = report.checks.filter((c) => c.status === 'skip').length;
  return n === 0 ? '' : ` (${n} skipped)`;
}
