export { connectOrg, daemonTokens, type OrgConnection } from './connect-org.js';
export { closeRedis, openRedis } from './open-redis.js';
export {
  createRuntime,
  openRuntime,
  type Runtime,
  type RuntimeOptions,
  SharedTokenKeyMissingError,
} from './runtime.js';
export { type SyncDeps, syncOnce } from './sync-orgs.js';
export { vendorEntry, vendorOf } from './vendor-table.js';
