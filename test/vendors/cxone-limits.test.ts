// CXone's limits and its way of saying no (issue #11 items 2, 3 and 8): contacts/completed refuses an
// updatedSince more than 30 days back and skills/summary a window over 30 days, each with a 400 whose
// text is in the status line and the icStatusDescription header (no JSON body); CXone sends no
// inin-ratelimit-* headers. The client clamps and splits instead of sending what would be refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError, createApiClient } from '../../src/http/index.js';
import {
  agentPerformanceIntervals,
  CONTACTS_UPDATED_SINCE_MAX_DAYS,
  completedContactPages,
  skillSummaryIntervals,
  type UnreachableSpan,
} from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite } from '../support/cxone-suite.js';
import { runCli } from '../support/run-cli.js';
import { startTestServer } from '../support/test-server.js';

const DAY = 86_400_000;
// Near the real clock: the CLI windows its queries on the real time.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const suite = cxoneSuite(22, 60, NOW);

const iso = (ms: number) => new Date(ms).toISOString();

/** One plain fetch with an access-key token, so the status line and headers stay visible. */
async function raw(path: string, query: Record<string, string>) {
  const { baseUrl } = await clientFor(suite.cxone, { clock: suite.clock });
  const url = new URL(`${baseUrl}/${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return fetch(url, { headers: { authorization: `Bearer ${await tokenFor()}` } });
}

async function tokenFor(): Promise<string> {
  const key = suite.emulator.org.cxone.accessKeys[0];
  assert.ok(key);
  const res = await fetch(`${suite.emulator.cxoneUrl}/authentication/v1/token/access-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId: key.id, accessKeySecret: key.secret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('CXone limits and refusals', () => {
  test('contacts/completed refuses updatedSince older than 30 days: 400, text in the status line and icStatusDescription, no body', async () => {
    const res = await raw('contacts/completed', { updatedSince: iso(NOW - 31 * DAY) });
    assert.equal(res.status, 400);
    assert.equal(res.statusText, 'updatedSince must be 30 days or less');
    assert.equal(res.headers.get('icstatusdescription'), 'updatedSince must be 30 days or less');
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('inin-ratelimit-allowed'), null, 'CXone sends no inin-ratelimit-* headers');
    const ok = await raw('contacts/completed', { updatedSince: iso(NOW - 30 * DAY + 60_000) });
    assert.ok(ok.status === 200 || ok.status === 204, String(ok.status));
    assert.equal(ok.headers.get('inin-ratelimit-count'), null);
  });

  test('skills/summary refuses a window over 30 days with "Invalid date range. Max 30 days."', async () => {
    const res = await raw('skills/summary', { startDate: iso(NOW - 34 * DAY), endDate: iso(NOW) });
    assert.equal(res.status, 400);
    assert.equal(res.statusText, 'Invalid date range. Max 30 days.');
    assert.equal(res.headers.get('icstatusdescription'), 'Invalid date range. Max 30 days.');
    const month = await raw('skills/summary', { startDate: iso(NOW - 30 * DAY), endDate: iso(NOW) });
    assert.equal(month.status, 200);
  });

  test('on the wire: an error in the status line and icStatusDescription reaches the ApiError message', async () => {
    const server = await startTestServer((_req, res) => {
      res.statusMessage = 'Invalid date range. Max 30 days.';
      res.writeHead(400, { icStatusDescription: 'Invalid date range. Max 30 days.' }).end();
    });
    try {
      const client = createApiClient({
        vendor: 'cxone',
        baseUrl: server.url,
        tokens: { getToken: async () => 't', invalidate: () => {} },
      });
      const error = await client.request({ method: 'GET', path: 'skills/summary' }).catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.equal(error.details.vendorMessage, 'Invalid date range. Max 30 days.');
      assert.match(error.message, /HTTP 400: Invalid date range\. Max 30 days\./);
    } finally {
      await server.close();
    }
  });

  test('completed contacts from 41 days back: clamped to 30 days, the unread span reported, no 400', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const gaps: UnreachableSpan[] = [];
    let rows = 0;
    for await (const page of completedContactPages(client, 'default', NOW - 41 * DAY, {
      now: NOW,
      onUnreachable: (gap) => gaps.push(gap),
    }))
      rows += page.length;
    assert.ok(rows > 0);
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0]?.from, NOW - 41 * DAY);
    assert.ok((gaps[0]?.to ?? 0) >= NOW - CONTACTS_UPDATED_SINCE_MAX_DAYS * DAY);
    assert.ok((gaps[0]?.to ?? 0) <= NOW - 29 * DAY);
  });

  test('skills/summary over 34 days and agents/performance over 32 go as pieces CXone accepts', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const before = suite.emulator.context.stats.apiRequests.length;
    const skills = await skillSummaryIntervals(client, 'default', NOW - 34 * DAY, NOW);
    const requests = suite.emulator.context.stats.apiRequests.slice(before);
    assert.deepEqual(
      requests.map((r) => r.status),
      [200, 200],
    );
    assert.deepEqual(
      [...new Set(skills.map((s) => s.intervalEnd - s.intervalStart))].sort((a, b) => a - b),
      [4 * DAY, 30 * DAY],
    );
    const agents = await agentPerformanceIntervals(client, 'default', NOW - 32 * DAY, NOW);
    assert.deepEqual(
      [...new Set(agents.map((a) => a.intervalEnd - a.intervalStart))].sort((a, b) => a - b),
      [1 * DAY, 31 * DAY],
    );
  });

  test('query cxone: 34-day queue-intervals succeed; conversations from 41 days back warn and point at Data Extraction', async () => {
    const from = iso(NOW - 34 * DAY);
    const intervals = runCli(
      ['query', 'cxone', 'queue-intervals', '--from', from, '--to', iso(NOW)],
      suite.emulator.env(),
    );
    assert.equal((await intervals.done).code, 0, intervals.output());
    const old = iso(NOW - 41 * DAY);
    const run = runCli(['query', 'cxone', 'conversations', '--from', old, '--to', iso(NOW)], suite.emulator.env());
    const { code, stderr } = await run.done;
    assert.equal(code, 0, run.output());
    assert.match(stderr, /warning: CXone's contacts\/completed reaches 30 days back/);
    assert.match(stderr, /ccpulse query cxone interactions --from /);
  });
});
