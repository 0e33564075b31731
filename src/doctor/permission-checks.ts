// Runs each report probe with the daemon's token and reads the answer as "may the daemon pull this
// report": a 403 names the permission to add, in the vendor's own words. One attempt per probe (no
// retries: the doctor reports what the vendor said), and the rate-limit headers of every answer are
// kept for the headroom check.
import type { TokenManager } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import { connectOrg, type Runtime, vendorOf } from '../connect/index.js';
import { CcpulseError } from '../core/index.js';
import { ApiRateLimitedError, ForbiddenError } from '../http/index.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

interface PermissionOutcome {
  checks: CheckResult[];
  /** Headers of the last API answer (the `inin-ratelimit-*` ones matter). */
  lastHeaders: Headers | undefined;
  rateLimited: ApiRateLimitedError | undefined;
}

const PROBE_TIMEOUT_MS = 15_000;

const probeId = (p: { stream: string; report: string }) => ({
  id: `permission:${p.stream}:${p.report}`,
  title: `permission: ${p.report}`,
});

/** The permission checks of an org, for listing them as skipped when an earlier step failed. */
export function permissionCheckNames(org: OrgConfig): { id: string; title: string }[] {
  return vendorOf(org).probes.map(probeId);
}

export async function checkReportPermissions<O extends OrgConfig>(
  org: O,
  runtime: Runtime,
  tokens: TokenManager,
  now: number,
): Promise<PermissionOutcome> {
  let lastHeaders: Headers | undefined;
  const { client, vendor } = await connectOrg(org, runtime, {
    tokens,
    probe: {
      timeoutMs: PROBE_TIMEOUT_MS,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        lastHeaders = response.headers;
        return response;
      },
    },
  });
  let rateLimited: ApiRateLimitedError | undefined;
  const checks: CheckResult[] = [];
  for (const probe of vendor.probes) {
    const { id, title } = probeId(probe);
    try {
      await probe.run(client, org, now);
      checks.push(passed(id, title, `${probe.api}: allowed`));
    } catch (error) {
      if (!(error instanceof CcpulseError)) throw error;
      if (error instanceof ApiRateLimitedError) {
        rateLimited ??= error;
        checks.push(skipped(id, title, `${probe.api}: rate-limited before it could be checked`));
      } else if (error instanceof ForbiddenError) {
        checks.push(
          failed(id, title, error.message, permissionFix(org, error), {
            data: { missingPermissions: error.missingPermissions, vendorMessage: error.details.vendorMessage },
          }),
        );
      } else {
        checks.push(failed(id, title, error.message, error.hint));
      }
    }
  }
  return { checks, lastHeaders, rateLimited };
}

/** What to add, and where: the daemon's token carries the OAuth client's roles (Genesys) or the API user's security profile (CXone access key). */
function permissionFix(org: OrgConfig, error: ForbiddenError): string {
  const said = error.details.vendorMessage ? ` (the vendor said: ${error.details.vendorMessage})` : '';
  return vendorOf(org).doctor.permissionFix(org, error.missingPermissions, said);
}
