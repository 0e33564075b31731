export { authenticateBearer, requirePermission } from './bearer-auth.js';

export { setCxoneLimits } from './cxone/reporting-limits.js';
export type { EmulatedVendor, EmulatorContext } from './emulator-context.js';
export { JOB_RUN_MS } from './genesys/analytics-routes.js';

export type { RouteMount } from './route-mounts.js';
export {
  CXONE_PERMISSIONS,
  createSeedOrg,
  GENESYS_PERMISSIONS,
  type SeedOAuthClient,
  seedClient,
  seedUser,
} from './seed-org.js';
export { type EmulatorOptions, type RunningEmulator, startEmulator } from './start-emulator.js';
