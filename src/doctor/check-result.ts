// One line of the doctor's report: what was checked, whether it passed, the evidence, and the fix.
// Nothing in a result is ever a secret: client ids appear masked, secrets and tokens not at all.

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** Lines printed under the detail, e.g. two strings side by side. */
  evidence?: string[];
  /** What to change; set on every failure. */
  fix?: string;
  /** Facts for `--format json` (skew in ms, missing permissions, ...). */
  data?: Record<string, unknown>;
}

type Extra = Pick<CheckResult, 'evidence' | 'data'>;

export const passed = (id: string, title: string, detail: string, extra: Extra = {}): CheckResult => ({
  id,
  title,
  status: 'pass',
  detail,
  ...extra,
});

export const failed = (id: string, title: string, detail: string, fix: string, extra: Extra = {}): CheckResult => ({
  id,
  title,
  status: 'fail',
  detail,
  fix,
  ...extra,
});

export const skipped = (id: string, title: string, why: string): CheckResult => ({
  id,
  title,
  status: 'skip',
  detail: why,
});
