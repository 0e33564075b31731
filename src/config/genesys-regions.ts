// Genesys Cloud regions and their domains (design.md §3). OAuth lives on `login.{domain}`, the API
// on `api.{domain}`; the org id is never part of a host.

export const GENESYS_REGIONS = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
} as const;

export type GenesysRegion = keyof typeof GENESYS_REGIONS;

const KNOWN_DOMAINS = new Set<string>(Object.values(GENESYS_REGIONS));

interface GenesysHosts {
  /** The region name, or undefined when a raw domain was given. */
  region: GenesysRegion | undefined;
  domain: string;
  loginUrl: string;
  apiUrl: string;
}

/**
 * Accepts a region name (`eu-west-1`), a domain (`mypurecloud.ie`), or a host someone copied from
 * the browser (`login.mypurecloud.ie`, `https://apps.mypurecloud.ie/`). Returns undefined when the
 * value is none of these.
 */
export function resolveGenesysRegion(value: string): GenesysHosts | undefined {
  const raw = value.trim().toLowerCase();
  if (raw in GENESYS_REGIONS) {
    const region = raw as GenesysRegion;
    return hostsFor(GENESYS_REGIONS[region], region);
  }
  const host = raw.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const domain = host.replace(/^(login|api|apps)\./, '');
  if (KNOWN_DOMAINS.has(domain)) {
    const region = (Object.keys(GENESYS_REGIONS) as GenesysRegion[]).find((r) => GENESYS_REGIONS[r] === domain);
    return hostsFor(domain, region);
  }
  // An unlisted domain (a new region, a private deployment) is allowed if it looks like a domain.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return hostsFor(domain, undefined);
  return undefined;
}

function hostsFor(domain: string, region: GenesysRegion | undefined): GenesysHosts {
  return { region, domain, loginUrl: `https://login.${domain}`, apiUrl: `https://api.${domain}` };
}
