// Runs each report probe with the daemon's token and reads the answer as "may the daemon pull this
// report": a 403 names the permission to add, in the vendor's own words. One attempt per probe (no
// retries: the doctor reports what the vendor said), and the rate-limit headers of every answer are
// kept for the headroom check.
import type { TokenProvider } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import { CcpulseError, redactToken } from '../core/index.js';
import { ApiRateLimitedError, createApiClient, ForbiddenError } from '../http/index.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';
import { CXONE_PROBES, GENESYS_PROBES } from './report-probes.js';

export interface PermissionOutcome {
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
  return (org.vendor === 'genesys' ? GENESYS_PROBES : CXONE_PROBES).map(probeId);
}

export async function checkReportPermissions(
  org: OrgConfig,
  apiBase: string,
  tokens: TokenProvider,
  now: number,
): Promise<PermissionOutcome> {
  let lastHeaders: Headers | undefined;
  const client = createApiClient({
    vendor: org.vendor,
    baseUrl: apiBase,
    tokens,
    retry: { maxAttempts: 1 },
    timeoutMs: PROBE_TIMEOUT_MS,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      lastHeaders = response.headers;
      return response;
    },
  });
  let rateLimited: ApiRateLimitedError | undefined;
  const checks: CheckResult[] = [];
  // Bound here, where the vendor narrows the org to the type its probes take.
  const probes =
    org.vendor === 'genesys'
      ? GENESYS_PROBES.map((p) => ({ ...p, call: () => p.run(client, org, now) }))
      : CXONE_PROBES.map((p) => ({ ...p, call: () => p.run(client, org, now) }));
  for (const probe of probes) {
    const { id, title } = probeId(probe);
    try {
      await probe.call();
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
  const missing = error.missingPermissions;
  const said = error.details.vendorMessage ? ` (the vendor said: ${error.details.vendorMessage})` : '';
  if (org.vendor === 'genesys') {
    const what =
      missing.length > 0 ? `the permission ${missing.join(', ')}` : `the permission this report needs${said}`;
    return `Add a role with ${what} to the OAuth client GENESYS_CLIENT_ID (${redactToken(org.clientId)}) in Admin > Integrations > OAuth > Roles; Client Credentials tokens carry the client's roles, not scopes.`;
  }
  if (org.daemonGrant === 'access-key') {
    return `Give the API user of CXONE_ACCESS_KEY_ID (${redactToken(org.accessKeyId ?? '')}) a security profile that allows this report${said}.`;
  }
  return `Allow this report for the OAuth client CXONE_CLIENT_ID (${redactToken(org.clientId)})${said}, or set CXONE_ACCESS_KEY_ID/CXONE_ACCESS_KEY_SECRET of an API user whose security profile has it (what NICE documents for back-end reporting).`;
}
