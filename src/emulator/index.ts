export { authenticateBearer, type BearerResult, principalOf, requirePermission } from './bearer-auth.js';
export { type CxoneAppOptions, createCxoneApp } from './cxone/cxone-app.js';
export { CXONE_LIMITS, type CxoneReportingLimits, setCxoneLimits } from './cxone/reporting-limits.js';
export type { EmulatedVendor, EmulatorContext, IssuedToken, Principal } from './emulator-context.js';
export { JOB_RUN_MS } from './genesys/analytics-routes.js';
export { createGenesysApp, type GenesysAppOptions } from './genesys/genesys-app.js';
export type { RouteMount } from './route-mounts.js';
export {
  CXONE_PERMISSIONS,
  createSeedOrg,
  DEFAULT_REDIRECT_URIS,
  GENESYS_PERMISSIONS,
  type SeedOAuthClient,
  type SeedOrg,
  type SeedUser,
  seedClient,
  seedUser,
} from './seed-org.js';
export { type EmulatorOptions, type RunningEmulator, startEmulator } from './start-emulator.js';
export { cxoneError, genesysError } from './vendor-errors.js';
