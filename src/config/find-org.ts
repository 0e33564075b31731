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

/**
 * The configured orgs, or a ConfigError when there are none: a run with its .env in another folder
 * must fail loudly (a scheduled job would otherwise "succeed" forever with nothing synced).
 */
export function requireOrgs(config: Config): Config['orgs'] {
  if (config.orgs.length > 0) return config.orgs;
  const noFile = config.source.startsWith('environment');
  throw new ConfigError(
    [
      `no vendor is configured: no GENESYS_* or CXONE_* variables were found${noFile ? ', and there is no .env in this folder' : ''}. Run from the folder that holds your .env, pass --env FILE, or set the variables (the README's configuration table and .env.example list them; \`ccpulse emulate\` writes a .env for a local emulator)`,
    ],
    config.source,
  );
}
