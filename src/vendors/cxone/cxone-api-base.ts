// The tenant's API base URL from CXone discovery: `/.well-known/cxone-configuration?tenantId=` on
// the issuer names `api_endpoint` (and the area); the classic API lives under
// `/inContactAPI/services/v{version}` there.
import { z } from 'zod';
import type { CxoneConfig } from '../../config/index.js';
import { CcpulseError, describeNetworkError } from '../../core/index.js';

const discovery = z.object({ api_endpoint: z.string().url(), area: z.string().optional() }).passthrough();

/** The issuer answered, and not with the tenant's API: the tenant id (or the area's issuer) is wrong. */
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
 * The issuer gave no usable answer at all (refused, timed out, DNS, or its own 5xx): the network or
 * CXONE_ISSUER is at fault, never the tenant id, which is only checked once the issuer answers.
 */
export class CxoneIssuerUnavailableError extends CcpulseError {
  constructor(url: string, detail: string, code: 'NETWORK_ERROR' | 'SERVER_ERROR') {
    super(
      code,
      `CXone tenant discovery at ${url} failed (${detail})`,
      code === 'NETWORK_ERROR'
        ? 'Check CXONE_ISSUER (the OpenID issuer of your CXone area, default https://cxone.niceincontact.com) and the network path to it: DNS, proxy, firewall. The next run asks again.'
        : 'The CXone issuer is failing on its side; the next run asks again. If it persists, check CXONE_ISSUER points at your area and NICE’s status page.',
    );
  }
}

/**
 * API versions whose report fields ccpulse maps: the classic names from 21.0 (the public singer tap's
 * default) through 32.x, and 33.0's renames (contactStartDate, fromAddress, toAddress), read beside
 * the classic ones. Another version may rename fields this mapper does not know: it is refused.
 */
const CXONE_API_VERSIONS = { min: 21, max: 33 } as const;

export class CxoneApiVersionError extends CcpulseError {
  constructor(version: string) {
    super(
      'CONFIG_INVALID',
      `CXONE_API_VERSION ${version} is not a CXone API version ccpulse maps (${CXONE_API_VERSIONS.min}.0 to ${CXONE_API_VERSIONS.max}.0): CXone renames report fields between versions, so rows would be read wrong`,
      `Set CXONE_API_VERSION to a version from ${CXONE_API_VERSIONS.min}.0 to ${CXONE_API_VERSIONS.max}.0 (default 30.0).`,
    );
  }
}

function checkCxoneApiVersion(version: string): void {
  const major = Number(/^(\d+)\.\d+$/.exec(version)?.[1] ?? Number.NaN);
  if (!(major >= CXONE_API_VERSIONS.min && major <= CXONE_API_VERSIONS.max)) throw new CxoneApiVersionError(version);
}

/** The tenant's API base from its issuer's discovery document, within `timeoutMs` (headers and body). */
export async function discoverCxoneApiBase(
  org: CxoneConfig,
  timeoutMs: number,
): Promise<{ apiBase: string; area: string | undefined }> {
  checkCxoneApiVersion(org.apiVersion);
  const url = new URL(`${org.issuer}/.well-known/cxone-configuration`);
  url.searchParams.set('tenantId', org.tenantId);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new CxoneIssuerUnavailableError(url.origin + url.pathname, describeNetworkError(error), 'NETWORK_ERROR');
  }
  if (response.status >= 500)
    throw new CxoneIssuerUnavailableError(url.origin + url.pathname, `HTTP ${response.status}`, 'SERVER_ERROR');
  if (!response.ok) throw new CxoneDiscoveryError(url.origin + url.pathname, `HTTP ${response.status}`);
  const parsed = discovery.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new CxoneDiscoveryError(url.origin + url.pathname, 'no api_endpoint in the answer');
  const apiBase = `${parsed.data.api_endpoint.replace(/\/+$/, '')}/inContactAPI/services/v${org.apiVersion}`;
  return { apiBase, area: parsed.data.area };
}
