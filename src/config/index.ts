export { ConfigError } from './config-error.js';
export type {
  Config,
  CxoneConfig,
  CxoneDaemonGrant,
  GenesysConfig,
  Limits,
  OrgConfig,
  Vendor,
} from './config-types.js';
export { findOrg, requireOrgs } from './find-org.js';
export { GENESYS_REGIONS, type GenesysHosts, type GenesysRegion, resolveGenesysRegion } from './genesys-regions.js';
export { DEFAULT_LIMITS } from './limits.js';
export { type EnvMap, type LoadConfigOptions, loadConfig, parseConfig, readConfigSources } from './load-config.js';
export { envVar, isVendor, VENDOR_IDENTITY, VENDORS, type VendorIdentity } from './vendor-identity.js';
