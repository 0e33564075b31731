export { type ConnectOptions, connectOrg, daemonTokens, type OrgConnection } from './connect-org.js';
export { closeRedis, type OpenRedisOptions, openRedis } from './open-redis.js';
export {
  createRuntime,
  openRuntime,
  type Runtime,
  type RuntimeOptions,
  SharedTokenKeyMissingError,
} from './runtime.js';
export { type SyncDeps, syncOnce } from './sync-orgs.js';
export { type ReportProbe, type VendorEntry, vendorEntry, vendorOf } from './vendor-table.js';
