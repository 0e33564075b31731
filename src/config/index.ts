export { ConfigError } from './config-error.js';
export type {
  Config,
  CxoneConfig,
  GenesysConfig,
  Limits,
  OrgConfig,
  Vendor,
} from './config-types.js';
export { findOrg, requireOrgs } from './find-org.js';
export { GENESYS_REGIONS, resolveGenesysRegion } from './genesys-regions.js';
export { DEFAULT_LIMITS } from './limits.js';
export { type EnvMap, loadConfig, parseConfig, readConfigSources } from './load-config.js';
export { envVar, isVendor, VENDOR_IDENTITY, VENDORS } from './vendor-identity.js';
