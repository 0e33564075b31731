// The vendor table: one entry per vendor with everything the rest of ccpulse asks of it — where its
// API lives, its request limits, its sync streams, its permission probes and what `doctor` says about
// it. Code looks the entry up by `org.vendor` instead of branching on the vendor's name, so adding a
// vendor is adding an entry (plus its config parser and OAuth profile, the two facets the layers
// below this one look up themselves: config/load-config.ts, auth/auth-profile.ts).
import type { CxoneConfig, GenesysConfig, OrgConfig, Vendor } from '../config/index.js';
import { envVar } from '../config/index.js';
import { redactToken } from '../core/index.js';
import type { ApiClient } from '../http/index.js';
import { cxoneStreams, genesysStreams, type SyncStream } from '../sync/index.js';
import { CXONE_PROBES, CXONE_RATE_PER_MINUTE, discoverCxoneApiBase } from '../vendors/cxone/index.js';
import {
  GENESYS_CLIENT_RATE_PER_MINUTE,
  GENESYS_PROBES,
  GENESYS_USER_RATE_PER_MINUTE,
} from '../vendors/genesys/index.js';
import type { ReportProbe } from '../vendors/report-probe.js';

export type { ReportProbe };

export interface VendorEntry<O extends OrgConfig = OrgConfig> {
  readonly vendor: O['vendor'];
  /** Requests per minute: one daemon token's, and one signed-in user's (undefined: none published). */
  readonly rateLimit: { readonly daemon: number; readonly user: number | undefined };
  /**
   * The org's REST API base. `discovered` says where it came from when the vendor had to be asked
   * (CXone tenant discovery; `doctor` shows it); a failed discovery is asked again next time.
   */
  /** Where the org's API is; a vendor that has to be asked answers within `timeoutMs`. */
  locateApi(org: O, timeoutMs: number): Promise<{ base: string; discovered?: string }>;
  /** What the daemon syncs from this org, over the given client. */
  streams(org: O, client: ApiClient): SyncStream[];
  /** One probe per API the streams call (`doctor` checks each permission with it). */
  readonly probes: readonly ReportProbe<O>[];
  readonly doctor: {
    /** The hosts whose names must resolve, and what to check when one does not. */
    hosts(org: O): { urls: string[]; fix: string };
    /** The variables that choose the OAuth host. */
    readonly hostVariables: string;
    /** Set alone, makes the config parser name this vendor's required variables. */
    readonly placeholder: Readonly<Record<string, string>>;
    /** One line on what is configured, without secrets. */
    describe(org: O): string;
    /** Where to grant a permission the daemon's token lacks. */
    permissionFix(org: O, missing: string[], vendorSaid: string): string;
  };
}

const clientIdOf = (org: OrgConfig) => `${envVar(org.vendor, 'CLIENT_ID')} ${redactToken(org.clientId)}`;

const genesys: VendorEntry<GenesysConfig> = {
  vendor: 'genesys',
  rateLimit: { daemon: GENESYS_CLIENT_RATE_PER_MINUTE, user: GENESYS_USER_RATE_PER_MINUTE },
  locateApi: async (org) => ({ base: org.apiUrl }),
  streams: genesysStreams,
  probes: GENESYS_PROBES,
  doctor: {
    hosts: (org) => ({
      urls: [org.loginUrl, org.apiUrl],
      fix: `Check GENESYS_REGION (${org.region ?? 'custom hosts'}): a region such as eu-west-1 or its domain such as mypurecloud.ie; GENESYS_LOGIN_URL/GENESYS_API_URL override the hosts. If the name is right, check DNS and any proxy.`,
    }),
    hostVariables: 'GENESYS_REGION / GENESYS_LOGIN_URL',
    placeholder: { GENESYS_REGION: 'us-east-1' },
    describe: (org) =>
      `${clientIdOf(org)}, secret set; ${org.region ? `region ${org.region}` : 'custom hosts'}: ${org.loginUrl}, ${org.apiUrl}`,
    permissionFix(org, missing, said) {
      const what =
        missing.length > 0 ? `the permission ${missing.join(', ')}` : `the permission this report needs${said}`;
      return `Add a role with ${what} to the OAuth client GENESYS_CLIENT_ID (${redactToken(org.clientId)}) in Admin > Integrations > OAuth > Roles; Client Credentials tokens carry the client's roles, not scopes.`;
    },
  },
};

// The tenant's API base does not change while the process runs: asked once per configured org.
const cxoneBases = new WeakMap<CxoneConfig, Promise<{ base: string; discovered: string }>>();

const cxone: VendorEntry<CxoneConfig> = {
  vendor: 'cxone',
  // NICE publishes no per-user limit to budget a signed-in user against; a 429 is still waited out.
  rateLimit: { daemon: CXONE_RATE_PER_MINUTE, user: undefined },
  locateApi(org, timeoutMs) {
    let located = cxoneBases.get(org);
    if (!located) {
      located = discoverCxoneApiBase(org, timeoutMs).then(({ apiBase, area }) => ({
        base: apiBase,
        discovered: `tenant ${org.tenantId}${area ? ` in area ${area}` : ''}: API at ${apiBase}`,
      }));
      located.catch(() => cxoneBases.delete(org));
      cxoneBases.set(org, located);
    }
    return located;
  },
  streams: cxoneStreams,
  probes: CXONE_PROBES,
  doctor: {
    hosts: (org) => ({
      urls: [org.issuer],
      fix: 'Check CXONE_ISSUER: the OpenID issuer of your CXone area (default https://cxone.niceincontact.com). If the name is right, check DNS and any proxy.',
    }),
    hostVariables: 'CXONE_ISSUER',
    placeholder: { CXONE_ISSUER: 'https://cxone.niceincontact.com' },
    describe: (org) =>
      `tenant ${org.tenantId}, ${clientIdOf(org)}, secret set; issuer ${org.issuer}; daemon grant ${org.daemonGrant}`,
    permissionFix(org, _missing, said) {
      if (org.daemonGrant === 'access-key') {
        return `Give the API user of CXONE_ACCESS_KEY_ID (${redactToken(org.accessKeyId ?? '')}) a security profile that allows this report${said}.`;
      }
      return `Allow this report for the OAuth client CXONE_CLIENT_ID (${redactToken(org.clientId)})${said}, or set CXONE_ACCESS_KEY_ID/CXONE_ACCESS_KEY_SECRET of an API user whose security profile has it (what NICE documents for back-end reporting).`;
    },
  },
};

const VENDOR_TABLE: { readonly [V in Vendor]: VendorEntry<Extract<OrgConfig, { vendor: V }>> } = { genesys, cxone };

/** The table entry of a vendor, for code that has a vendor's name but no org yet. */
export function vendorEntry(vendor: Vendor): VendorEntry {
  return VENDOR_TABLE[vendor] as unknown as VendorEntry;
}

/** The table entry of an org's vendor, typed for that org. */
export function vendorOf<O extends OrgConfig>(org: O): VendorEntry<O> {
  // Each entry is keyed by its own vendor, so the entry for org.vendor takes exactly O.
  return VENDOR_TABLE[org.vendor] as unknown as VendorEntry<O>;
}
