// The library entry point (`import { connectOrg, genesys } from 'ccpulse'`): configuration, one org's
// connection (token manager, paced and retrying API client, the vendor's calls over it), the OAuth
// grants and token stores, each vendor's API calls and the vendor-neutral model. The CLI, daemon and
// dashboard are built on exactly these.
export * as auth from './auth/index.js';
export {
  type Config,
  ConfigError,
  type CxoneConfig,
  findOrg,
  type GenesysConfig,
  loadConfig,
  type OrgConfig,
  parseConfig,
} from './config/index.js';
export { connectOrg, createRuntime, type OrgConnection, type Runtime } from './connect/index.js';
export { CcpulseError, type ErrorCode, type ErrorKind, Secret } from './core/index.js';
export { type ApiClient, ApiError } from './http/index.js';
export type * from './model/index.js';
export * as cxone from './vendors/cxone/index.js';
export * as genesys from './vendors/genesys/index.js';
