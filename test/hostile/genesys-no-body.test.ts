// Issue #17 items 3 and 6e on every Genesys read ccpulse makes: Genesys answers each of them with a
// body, so a 204, an empty 200 or a `200 {}` missing what the vendor always sends is a clear
// RESPONSE_SHAPE error — never "no rows" — except the aggregate query, where `{}` is the vendor's
// own "nothing matched". (CXone's 204 = "no rows" is test/vendors/cxone-no-content.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { CcpulseError } from '../../src/core/index.js';
import type { ApiClient } from '../../src/http/index.js';
import {
  conversationDetailPages,
  currentUser,
  dataAvailabilityDate,
  detailsJobResultPages,
  listAgents,
  listQueues,
  queryQueueIntervals,
  queueMembers,
  queueObservations,
} from '../../src/vendors/genesys/index.js';
import { clientFor } from '../support/connect-client.js';
import { type HostileVendor, startHostileVendor } from './hostile-vendor.js';

const FROM = Date.UTC(2026, 10, 10);
const TO = Date.UTC(2026, 10, 11);
const drain = async (pages: AsyncIterable<unknown>) => {
  for await (const _ of pages);
};

const READS: Record<string, (client: ApiClient) => Promise<unknown>> = {
  'routing/queues': (c) => listQueues(c, 'default'),
  users: (c) => listAgents(c, 'default'),
  'users/me': (c) => currentUser(c),
  'queue members': (c) => queueMembers(c, 'default', 'q-1', { now: TO }),
  'queue observations': (c) => queueObservations(c, ['q-1']),
  'details query': (c) => drain(conversationDetailPages(c, 'default', { from: FROM, to: TO })),
  'job results': (c) => drain(detailsJobResultPages(c, 'default', 'job-1')),
  'details availability': (c) => dataAvailabilityDate(c),
};

for (const mode of ['no-content', 'empty-object'] as const) {
  describe(`Genesys reads answered ${mode === 'no-content' ? '204 No Content' : '200 {}'}`, () => {
    let vendor: HostileVendor;
    let client: ApiClient;
    before(async () => {
      vendor = await startHostileVendor(mode);
      const config = parseConfig({
        GENESYS_CLIENT_ID: 'id',
        GENESYS_CLIENT_SECRET: 'secret',
        GENESYS_LOGIN_URL: vendor.url,
        GENESYS_API_URL: vendor.url,
      });
      client = await clientFor(config.orgs[0] as (typeof config.orgs)[number]);
    });
    after(() => vendor.close());

    for (const [name, read] of Object.entries(READS)) {
      test(`${name}: a clear shape error, not "no rows"`, async () => {
        await assert.rejects(read(client), (error: unknown) => {
          assert.ok(error instanceof CcpulseError, String(error));
          assert.equal(error.code, 'RESPONSE_SHAPE');
          assert.match(
            error.message,
            mode === 'no-content'
              ? /HTTP 204 with no body, where the vendor always sends one/
              : /expected \w+, received undefined/,
          );
          return true;
        });
      });
    }

    test('aggregates query', async () => {
      const read = queryQueueIntervals(client, 'default', { from: FROM, to: TO });
      if (mode === 'no-content') await assert.rejects(read, /HTTP 204 with no body/);
      else assert.deepEqual(await read, [], "Genesys's own answer when nothing matched");
    });
  });
}
