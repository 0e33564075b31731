// What names a vendor wherever configuration, errors and pages mention it: its labels, the prefix of
// its variables and what one configured account of it is called. Everything else a vendor does is in
// the vendor table (src/connect); both are keyed by Vendor, so a new vendor that misses an entry
// does not compile.
import type { Vendor } from './config-types.js';

interface VendorIdentity {
  /** As messages name it: "Genesys Cloud", "CXone". */
  label: string;
  /** As pages for supervisors name it. */
  fullLabel: string;
  /** Prefix of its variables, without the underscore: `GENESYS` in GENESYS_CLIENT_ID. */
  envPrefix: string;
  /** What one configured account is, e.g. "org and region". */
  orgNoun: string;
}

export const VENDOR_IDENTITY: { readonly [V in Vendor]: VendorIdentity } = {
  genesys: { label: 'Genesys Cloud', fullLabel: 'Genesys Cloud', envPrefix: 'GENESYS', orgNoun: 'org and region' },
  cxone: { label: 'CXone', fullLabel: 'NICE CXone', envPrefix: 'CXONE', orgNoun: 'tenant' },
};

/** Every vendor, in the order commands and pages list them. */
export const VENDORS = Object.keys(VENDOR_IDENTITY) as Vendor[];

export const isVendor = (value: string): value is Vendor => Object.hasOwn(VENDOR_IDENTITY, value);

/** The variable `name` of a vendor, e.g. envVar('cxone', 'REDIRECT_URI') = CXONE_REDIRECT_URI. */
export const envVar = (vendor: Vendor, name: string): string => `${VENDOR_IDENTITY[vendor].envPrefix}_${name}`;
