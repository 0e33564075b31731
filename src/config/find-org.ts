import { ConfigError } from './config-error.js';
import type { Config, CxoneConfig, GenesysConfig, Vendor } from './config-types.js';
import { envVar } from './vendor-identity.js';

/** The configured org of a vendor (by name when several), or a ConfigError saying what to set. */
export function findOrg(config: Config, vendor: 'genesys', name?: string): GenesysConfig;
export function findOrg(config: Config, vendor: 'cxone', name?: string): CxoneConfig;
export function findOrg(config: Config, vendor: Vendor, name?: string): GenesysConfig | CxoneConfig;
export function findOrg(config: Config, vendor: Vendor, name?: string): GenesysConfig | CxoneConfig {
  const candidates = config.orgs.filter((o) => o.vendor === vendor && (name === undefined || o.name === name));
  const found = candidates[0];
  if (!found) {
    throw new ConfigError(
      [
        name
          ? `no ${vendor} org named '${name}' is configured`
          : `${vendor} is not configured: set the ${envVar(vendor, '*')} variables (see the README's configuration table, or run \`ccpulse emulate\` for a local one)`,
      ],
      'configuration',
    );
  }
  return found;
}
