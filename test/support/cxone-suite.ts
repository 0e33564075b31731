// One emulator per CXone test file, on a manual clock 2026-11-20 15:00 UTC, with the org's CXone
// configuration read back from the emulator's own environment (as `ccpulse` would read it).
import { after, before } from 'node:test';
import { TokenManager } from '../../src/auth/index.js';
import { type CxoneConfig, findOrg, parseConfig } from '../../src/config/index.js';
import { createManualClock, type ManualClock, Secret } from '../../src/core/index.js';
import { type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';
import type { ApiClient } from '../../src/http/index.js';
import type { Conversation } from '../../src/model/index.js';
import { completedContactPages } from '../../src/vendors/cxone/index.js';
import { clientFor } from './connect-client.js';
import { signInAs } from './login-form.js';

export const NOW = Date.UTC(2026, 10, 20, 15);
export const DAY_START = Date.UTC(2026, 10, 19);
export const DAY_END = Date.UTC(2026, 10, 20);

interface CxoneSuite {
  readonly clock: ManualClock;
  /** Set by the suite's `before` hook. */
  emulator: RunningEmulator;
  cxone: CxoneConfig;
  /** Every completed contact updated since `since`, read through the client's paging. */
  contactsSince(since: number, top?: number): Promise<Conversation[]>;
  /** A client of the seeded 'limited' OAuth client (client credentials): no reporting permission. */
  limitedClient(): Promise<ApiClient>;
  /** A client on the tokens of a seeded user signed in through the login form (their own permissions). */
  userClient(username: string): Promise<ApiClient>;
}

/** `now`: where the emulator's clock stands (2026-11-20 15:00 UTC unless the test needs the real time). */
export function cxoneSuite(seed: number, conversationsPerDay: number, now = NOW): CxoneSuite {
  const clock = createManualClock(now);
  const suite = {
    clock,
    async contactsSince(since: number, top?: number) {
      const out: Conversation[] = [];
      const client = await clientFor(suite.cxone, { clock });
      for await (const page of completedContactPages(client, 'default', since, { top, now: clock.now() }))
        out.push(...page);
      return out;
    },
    limitedClient() {
      const limited = seedClient(suite.emulator.org, 'cxone', 'limited');
      const org: CxoneConfig = {
        ...suite.cxone,
        clientId: limited.id,
        clientSecret: new Secret(limited.secret),
        daemonGrant: 'client-credentials',
      };
      return clientFor(org, { clock });
    },
    async userClient(username: string) {
      const tokens = await signInAs(suite.cxone, username, { clock });
      return clientFor(suite.cxone, {
        clock,
        tokens: new TokenManager({ key: username, clock, obtain: async () => tokens }),
      });
    },
  } as CxoneSuite;
  before(async () => {
    suite.emulator = await startEmulator({ seed, clock, conversationsPerDay });
    suite.cxone = findOrg(parseConfig(suite.emulator.env()), 'cxone');
  });
  after(() => suite.emulator.close());
  return suite;
}
