// This machine's clock against the vendor's, from the Date header of one answer. Token expiry, ID
// token times (CXone sign-in) and sync windows that end "now" are all read on the local clock.
import { type CheckResult, failed, passed, skipped } from './check-result.js';
import type { EndpointSample } from './network-checks.js';

/** oauth4webapi accepts ID tokens up to 30 s off (its default clock tolerance); more breaks sign-in. */
const MAX_CLOCK_SKEW_MS = 30_000;

export function checkClockSkew(sample: EndpointSample | undefined, host: string): CheckResult {
  const title = 'clock skew';
  if (!sample) return skipped('clock', title, 'needs an answer from the vendor');
  const serverMs = sample.serverDate ? Date.parse(sample.serverDate) : Number.NaN;
  if (Number.isNaN(serverMs)) return skipped('clock', title, `${host} sent no usable Date header`);
  // Date has whole seconds: the server's instant lies somewhere in that second, ours in the round trip.
  const skewMs = Math.round(serverMs + 500 - (sample.sentAt + sample.receivedAt) / 2);
  const uncertaintyS = Math.ceil((500 + (sample.receivedAt - sample.sentAt) / 2) / 1000);
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  const detail =
    seconds === 0
      ? `this machine's clock agrees with ${host} (within ±${uncertaintyS} s)`
      : `this machine's clock is ${seconds} s ${direction} ${host} (±${uncertaintyS} s)`;
  const data = { skewMs, uncertaintyMs: uncertaintyS * 1000, limitMs: MAX_CLOCK_SKEW_MS };
  if (Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS) return passed('clock', title, detail, { data });
  return failed(
    'clock',
    title,
    `${detail}; more than ${MAX_CLOCK_SKEW_MS / 1000} s`,
    'Set the clock from NTP (Linux: `timedatectl set-ntp true`; Windows: `w32tm /resync`; containers take the host clock): token expiry, CXone sign-in (ID token times) and sync windows depend on it.',
    { data },
  );
}
