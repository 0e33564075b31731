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

export async function discoverCxoneApiBase(
  org: CxoneConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<{ apiBase: string; area: string | undefined }> {
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
