// The daemon's token: Client Credentials for Genesys; for CXone an access key (what NICE documents
// for back-end reporting) or Client Credentials, as the config decided.
import type { OrgConfig } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import { type ProfileDeps, profileFor } from './auth-profile.js';
import { daemonClient, requestAccessKeyToken, requestClientCredentials } from './grants.js';
import { TokenManager } from './token-manager.js';
import type { TokenStore } from './token-store.js';

export interface DaemonTokenDeps extends ProfileDeps {
  store?: TokenStore;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

export function daemonTokenKey(org: OrgConfig): string {
  const grant = org.daemonGrant === 'access-key' ? `access-key:${org.accessKeyId}` : org.daemonGrant;
  return `${org.vendor}:${org.name}:${org.clientId}:${grant}`;
}

export function createDaemonTokenManager(org: OrgConfig, deps: DaemonTokenDeps = {}): TokenManager {
  const client = daemonClient(org);
  return new TokenManager({
    key: daemonTokenKey(org),
    store: deps.store,
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    obtain: async () => {
      const profile = await profileFor(org, deps);
      const request = { clock: deps.clock, random: deps.random, timeoutMs: deps.timeoutMs };
      if (org.daemonGrant === 'access-key' && org.accessKeyId && org.accessKeySecret) {
        return requestAccessKeyToken(profile, client, { id: org.accessKeyId, secret: org.accessKeySecret }, request);
      }
      return requestClientCredentials(profile, client, request);
    },
  });
}
