// CXone answers an empty reporting result with 204 No Content and no body (issue #11 item 1): the
// emulator does, the client reads it as "no rows", and `query cxone conversations` prints "(no rows)".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiClient, ResponseShapeError } from '../../src/http/index.js';
import type { Conversation } from '../../src/model/index.js';
import { completedContactPages, skillServiceLevels } from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite } from '../support/cxone-suite.js';
import { runCli } from '../support/run-cli.js';
import { json, startTestServer } from '../support/test-server.js';

// Near the real clock: the CLI windows its queries on the real time.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const suite = cxoneSuite(21, 400, NOW);

async function contacts(since: number): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const page of completedContactPages(
    await clientFor(suite.cxone, { clock: suite.clock }),
    'default',
    since,
    { now: suite.clock.now() },
  ))
    out.push(...page);
  return out;
}

describe('CXone 204 No Content', () => {
  test('the emulator answers contacts/completed with nothing changed, or a page past the end, with 204 and no body', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const quiet = await client.request({
      method: 'GET',
      path: 'contacts/completed',
      query: { updatedSince: new Date(NOW).toISOString() },
    });
    assert.equal(quiet.status, 204);
    assert.equal(quiet.data, undefined);
    const day = await client.request({
      method: 'GET',
      path: 'contacts/completed',
      query: { updatedSince: new Date(NOW - 86_400_000).toISOString(), top: 10_000 },
    });
    assert.equal(day.status, 200);
    const total = (day.data as { totalRecords: number }).totalRecords;
    assert.ok(total > 0);
    const past = await client.request({
      method: 'GET',
      path: 'contacts/completed',
      query: { updatedSince: new Date(NOW - 86_400_000).toISOString(), skip: total, top: 100 },
    });
    assert.equal(past.status, 204);
  });

  test('completed contacts over a quiet window are no rows, not an error', async () => {
    assert.deepEqual(await contacts(NOW), []);
    // A whole day back: the emulator's traffic follows the day, and a night hour can be quiet too.
    assert.ok((await contacts(NOW - 86_400_000)).length > 0, 'the day before has contacts');
  });

  test('on the wire: 204 ends the paging with no rows; a 200 without its array is a shape error', async () => {
    const server = await startTestServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/contacts/completed')) return res.writeHead(204).end();
      if (url.pathname.endsWith('/skills/sla-summary')) return json(res, 200, {});
      return json(res, 404, {});
    });
    try {
      const client = createApiClient({
        vendor: 'cxone',
        baseUrl: `${server.url}/inContactAPI/services/v30.0`,
        tokens: { getToken: async () => 't', invalidate: () => {} },
      });
      const pages: Conversation[][] = [];
      for await (const page of completedContactPages(client, 'default', NOW - 3600_000, { now: NOW })) pages.push(page);
      assert.deepEqual(pages, []);
      await assert.rejects(skillServiceLevels(client, 'default', NOW - 3600_000, NOW), ResponseShapeError);
    } finally {
      await server.close();
    }
  });

  test('`query cxone conversations` over an empty window prints "(no rows)" and exits 0', async () => {
    // The emulator's clock stands at NOW, so nothing has changed since; the CLI refuses a window in
    // the future of its own (real) clock, and NOW + 1 ms is behind it by the time the CLI starts.
    const from = new Date(NOW).toISOString();
    const to = new Date(Math.max(Date.now(), NOW + 1)).toISOString();
    const run = runCli(['query', 'cxone', 'conversations', '--from', from, '--to', to], suite.emulator.env());
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.output());
    assert.equal(stdout.trim(), '(no rows)');
  });
});
