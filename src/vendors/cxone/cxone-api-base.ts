// The tenant's API base URL from CXone discovery: `/.well-known/cxone-configuration?tenantId=` on
// the issuer names `api_endpoint` (and the area); the classic API lives under
// `/inContactAPI/services/v{version}` there.
import { z } from 'zod';
import type { CxoneConfig } from '../../config/index.js';
import { CcpulseError } from '../../core/index.js';

const discovery = z.object({ api_endpoint: z.string().url(), area: z.string().optional() }).passthrough();

export class CxoneDiscoveryError extends CcpulseError {
  constructor(url: string, detail: string) {
    super(
      'CXONE_DISCOVERY',
      `CXone tenant discovery at ${url} failed (${detail})`,
      'Check CXONE_TENANT_ID (Admin > Account Info) and CXONE_ISSUER (the issuer of your area).',
    );
  }
}

/**
 * API versions whose report fields ccpulse maps: the classic names from 21.0 (the public singer tap's
 * default) through 32.x, and 33.0's renames (contactStartDate, fromAddress, toAddress), read beside
 * the classic ones. Another version may rename fields this mapper does not know: it is refused.
 */
export const CXONE_API_VERSIONS = { min: 21, max: 33 } as const;

export class CxoneApiVersionError extends CcpulseError {
  constructor(version: string) {
    super(
      'CONFIG_INVALID',
      `CXONE_API_VERSION ${version} is not a CXone API version ccpulse maps (${CXONE_API_VERSIONS.min}.0 to ${CXONE_API_VERSIONS.max}.0): CXone renames report fields between versions, so rows would be read wrong`,
      `Set CXONE_API_VERSION to a version from ${CXONE_API_VERSIONS.min}.0 to ${CXONE_API_VERSIONS.max}.0 (default 30.0).`,
    );
  }
}

export function checkCxoneApiVersion(version: string): void {
  const major = Number(/^(\d+)\.\d+$/.exec(version)?.[1] ?? Number.NaN);
  if (!(major >= CXONE_API_VERSIONS.min && major <= CXONE_API_VERSIONS.max)) throw new CxoneApiVersionError(version);
}

export async function discoverCxoneApiBase(
  org: CxoneConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<{ apiBase: string; area: string | undefined }> {
  checkCxoneApiVersion(org.apiVersion);
  const url = new URL(`${org.issuer}/.well-known/cxone-configuration`);
  url.searchParams.set('tenantId', org.tenantId);
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(15_000), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new CxoneDiscoveryError(url.origin + url.pathname, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new CxoneDiscoveryError(url.origin + url.pathname, `HTTP ${response.status}`);
  const parsed = discovery.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new CxoneDiscoveryError(url.origin + url.pathname, 'no api_endpoint in the answer');
  const apiBase = `${parsed.data.api_endpoint.replace(/\/+$/, '')}/inContactAPI/services/v${org.apiVersion}`;
  return { apiBase, area: parsed.data.area };
}
