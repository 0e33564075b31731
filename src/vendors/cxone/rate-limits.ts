// CXone's request limits as far as ccpulse can rely on them.

/** NICE publishes no single per-client limit ccpulse can rely on: 300/min is a conservative default. */
export const CXONE_RATE_PER_MINUTE = 300;
