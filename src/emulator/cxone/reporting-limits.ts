// The CXone emulator's service limits, per emulator instance. Defaults are CXone's documented ones;
// tests shrink them (a 500-record cap instead of 10,000) so a behaviour that needs a huge tenant on
// the real service happens with a small emulated one.
import type { EmulatorContext } from '../emulator-context.js';

interface CxoneReportingLimits {
  /** Records one contacts/completed query reaches across all its skip/top pages (CXone: 10,000). */
  completedContactsCap: number;
  /** Rows per skills/sla-summary page when the caller names no `top` (the emulator's choice). */
  slaSummaryPageSize: number;
  /** How long a Data Extraction job stays RUNNING before it SUCCEEDS (the emulator's choice). */
  extractionJobMs: number;
  /** How long a download URL works after the job status handed it out (CXone: 30 s). */
  extractionUrlMs: number;
  /** Least time between two job starts of one tenant (CXone: one call per 30 s). */
  extractionStartIntervalMs: number;
}

const CXONE_LIMITS: CxoneReportingLimits = {
  completedContactsCap: 10_000,
  slaSummaryPageSize: 100,
  extractionJobMs: 20_000,
  extractionUrlMs: 30_000,
  extractionStartIntervalMs: 30_000,
};

const limitsOf = new WeakMap<EmulatorContext, CxoneReportingLimits>();

export function cxoneLimits(ctx: EmulatorContext): CxoneReportingLimits {
  return limitsOf.get(ctx) ?? CXONE_LIMITS;
}

/** Changes limits of a running emulator (`emulator.context`); the rest keep their values. */
export function setCxoneLimits(ctx: EmulatorContext, changes: Partial<CxoneReportingLimits>): CxoneReportingLimits {
  const next = { ...cxoneLimits(ctx), ...changes };
  limitsOf.set(ctx, next);
  return next;
}
