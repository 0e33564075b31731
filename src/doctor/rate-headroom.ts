// How much of the vendor's request allowance is left: Genesys reports it on every API answer
// (`inin-ratelimit-count`/`-allowed`/`-reset`, per token); a 429 from the token endpoint or an API
// means the client is already over its limit, usually because other processes share it.
import type { RateLimitedError } from '../auth/index.js';
import type { ApiRateLimitedError } from '../http/index.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

const TITLE = 'rate-limit headroom';

interface RateEvidence {
  tokenRateLimited: RateLimitedError | undefined;
  apiRateLimited: ApiRateLimitedError | undefined;
  /** Headers of the last API answer, if any API was reached. */
  lastHeaders: Headers | undefined;
  /** The budget ccpulse keeps for this client on its own, requests per minute. */
  budgetPerMinute: number;
}

export function checkRateHeadroom(evidence: RateEvidence): CheckResult {
  if (evidence.tokenRateLimited) {
    return failed(
      'rate-limit',
      TITLE,
      `the token endpoint answered 429: ${evidence.tokenRateLimited.message}`,
      evidence.tokenRateLimited.hint,
    );
  }
  if (evidence.apiRateLimited) {
    return failed('rate-limit', TITLE, evidence.apiRateLimited.message, evidence.apiRateLimited.hint);
  }
  const headers = evidence.lastHeaders;
  if (!headers) return skipped('rate-limit', TITLE, 'needs an answer from the API');
  const allowed = Number(headers.get('inin-ratelimit-allowed'));
  const count = Number(headers.get('inin-ratelimit-count'));
  const reset = Number(headers.get('inin-ratelimit-reset'));
  if (!(Number.isFinite(allowed) && allowed > 0 && Number.isFinite(count))) {
    return passed(
      'rate-limit',
      TITLE,
      `the API sent no inin-ratelimit-* headers and no 429; ccpulse keeps to its own budget of ${evidence.budgetPerMinute} requests/min`,
    );
  }
  const left = Math.max(0, allowed - count);
  const data = { allowed, used: count, left, resetSeconds: Number.isFinite(reset) ? reset : null };
  const detail = `${left} of ${allowed} requests left in this minute for the token${Number.isFinite(reset) ? ` (resets in ${reset} s)` : ''}`;
  if (left > 0) return passed('rate-limit', TITLE, detail, { data });
  return failed(
    'rate-limit',
    TITLE,
    `${detail}: the next request would get 429`,
    "Something else is spending this token's allowance: run fewer processes per OAuth client (share one daemon, or REDIS_URL for a shared budget) and spread their schedules.",
    { data },
  );
}
