// The state one emulator instance shares between its OAuth servers and its API routes: the seeded
// org, issued tokens, counters tests assert on, and the injected clock.
import type { Clock } from '../core/index.js';
import type { FaultSettings } from './faults.js';
import type { Random } from './random.js';
import type { SeedOAuthClient, SeedOrg, SeedUser } from './seed-org.js';
import type { Traffic } from './traffic/traffic.js';

export type EmulatedVendor = 'genesys' | 'cxone';

export interface IssuedToken {
  vendor: EmulatedVendor;
  /** The access token string as handed out. */
  value: string;
  client: SeedOAuthClient;
  /** Present for user tokens (authorization code, password/access-key grants). */
  user: SeedUser | undefined;
  grant: 'client_credentials' | 'authorization_code' | 'refresh_token' | 'password';
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

/** Who is calling an API, with what they may see. */
export interface Principal {
  vendor: EmulatedVendor;
  token: IssuedToken;
  /** Effective permissions: the client's roles (client credentials) or the user's permissions filtered by the granted scopes. */
  permissions: ReadonlySet<string>;
  /** Queues whose data this principal may read (all queues for client credentials). */
  visibleQueueIds: ReadonlySet<string>;
}

export interface EmulatorStats {
  /** POSTs to a token endpoint, by vendor and grant, successful or not. */
  tokenRequests: { vendor: EmulatedVendor; grant: string; clientId: string; ok: boolean; at: number }[];
  /** Every API request (not OAuth), for rate and fault assertions. */
  apiRequests: { vendor: EmulatedVendor; method: string; path: string; status: number; at: number }[];
}

export interface EmulatorContext {
  org: SeedOrg;
  clock: Clock;
  random: Random;
  /** Access tokens by value. */
  tokens: Map<string, IssuedToken>;
  stats: EmulatorStats;
  /** The synthetic traffic every report is derived from. */
  traffic: Traffic;
  /** Injected faults, changeable while running. */
  faults: FaultSettings;
}
