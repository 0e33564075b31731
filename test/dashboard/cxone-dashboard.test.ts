// The dashboard for CXone users over real HTTP against the emulator: each supervisor's page and JSON
// carry exactly what CXone's API tells that user's own token — live numbers from the real-time
// reports (polled per user with updatedSince), today's totals, agents by their real names with
// their state and work — which in turn is the emulator's traffic; once a user's feed is warm, pages
// cost no vendor request; a user without the reporting permission gets the 403 page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AGENT_METRICS, LIVE_METRICS, PERIOD_METRICS } from '../../src/dashboard/view-cells.js';
import { seedUser } from '../../src/emulator/index.js';
import { conversationsBetween } from '../../src/emulator/traffic/traffic.js';
import { cxoneExpected, type Row, utcDay } from './cxone-expected.js';
import { assertServedFromMemory, BrowserTab, type Fixture, signInTab, startFixture } from './dashboard-fixture.js';

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(() => f.close());

interface Shown {
  queues: { id: string; cells: Record<string, string> }[];
  agents: { id: string; cells: Record<string, string> }[];
}

async function signedIn(username: string): Promise<BrowserTab> {
  const tab = new BrowserTab(f.dashboard.url);
  await signInTab(tab, username, 'cxone');
  return tab;
}

const LIVE = [...LIVE_METRICS];
const TODAY = [...PERIOD_METRICS];
const AGENT = [...AGENT_METRICS];

/** The JSON as table rows by name: live, today and agents. */
async function shown(tab: BrowserTab): Promise<{ live: Row[]; today: Row[]; agents: Row[] }> {
  const r = await tab.get('/api/dashboard');
  assert.equal(r.status, 200, r.body.slice(0, 300));
  const body = JSON.parse(r.body) as Shown;
  const html = await tab.get('/');
  const nameOf = (skillId: string) => f.emulator.org.queues.find((q) => String(q.skillId) === skillId)?.name ?? '?';
  const agentName = (id: string) =>
    new RegExp(`data-agent-id="${id}"[^>]*><th scope="row">([^<]+)</th>`).exec(html.body)?.[1] ?? `Agent ${id}`;
  const pick = (cells: Record<string, string>, keys: string[]) =>
    Object.fromEntries(keys.map((k) => [k, cells[k] ?? 'missing']));
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name);
  return {
    live: body.queues.map((q) => ({ name: nameOf(q.id), cells: pick(q.cells, LIVE) })).sort(byName),
    today: body.queues.map((q) => ({ name: nameOf(q.id), cells: pick(q.cells, TODAY) })).sort(byName),
    agents: body.agents.map((a) => ({ name: agentName(a.id), cells: pick(a.cells, AGENT) })).sort(byName),
  };
}

/** Offered/answered/abandoned per queue, counted on the traffic itself. */
function trafficCounts(username: string) {
  const { org, context } = f.emulator;
  const user = seedUser(org, username);
  const now = f.clock.now();
  const day = utcDay(now);
  const ended = conversationsBetween(context.traffic, day.from, day.to, now);
  return org.queues
    .filter((q) => user.queueIds.includes(q.id))
    .map((q) => {
      const list = ended.filter((c) => c.queueId === q.id);
      const answered = list.filter((c) => c.answered).length;
      return { name: q.name, offered: list.length, answered, abandoned: list.length - answered };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Waits (real time) until the JSON matches what CXone says now: background reads take a moment. */
async function converges(tab: BrowserTab, username: string) {
  const deadline = Date.now() + 8000;
  for (;;) {
    const [page, expected] = await Promise.all([shown(tab), cxoneExpected(f, username)]);
    try {
      assert.deepEqual(page, expected);
      return page;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const cxoneRequests = () => f.emulator.context.stats.apiRequests.filter((r) => r.vendor === 'cxone').length;

describe('CXone users on the dashboard', () => {
  test('alice and bob each see only their own skills, with the numbers CXone gives their own token', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    for (const [tab, username] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      const page = await shown(tab);
      const expected = await cxoneExpected(f, username);
      assert.deepEqual(page.today, expected.today, `${username}: today`);
      assert.deepEqual(page.live, expected.live, `${username}: live`);
      assert.deepEqual(page.agents, expected.agents, `${username}: agents`);
      assert.deepEqual(
        page.today.map((r) => ({
          name: r.name,
          offered: Number(r.cells.offered),
          answered: Number(r.cells.answered),
          abandoned: Number(r.cells.abandoned),
        })),
        trafficCounts(username),
        `${username}: counts equal the traffic`,
      );
      assert.ok(
        page.agents.every((a) => !/^Agent \d+$/.test(a.name)),
        `${username}: agents by their real names`,
      );
    }
    const alicePage = await shown(alice);
    const bobPage = await shown(bob);
    assert.deepEqual(
      alicePage.today.map((r) => r.name),
      ['Retention', 'Sales DE', 'Sales EN'],
    );
    assert.deepEqual(
      bobPage.today.map((r) => r.name),
      ['Billing', 'Support Tier 1', 'Support Tier 2'],
    );
  });

  test('the page: CXone in the header, skills with media types, charts with their axes, agents with state', async () => {
    const tab = await signedIn('alice');
    const r = await tab.get('/');
    assert.equal(r.status, 200);
    // Checked without echoing the page: a failure names the pattern, not 40 KB of HTML.
    const has = (pattern: RegExp) => assert.ok(pattern.test(r.body), `the page lacks ${pattern}`);
    has(/<span class="vendor">NICE CXone<\/span>/);
    has(/Alice Sales-Supervisor/);
    has(/Retention <span class="media">chat<\/span>/);
    has(/Sales EN <span class="media">voice<\/span>/);
    assert.equal(r.body.match(/<svg class="chart"/g)?.length, 3, 'one chart per skill');
    assert.equal(r.body.match(/class="sl-target"/g)?.length, 3, 'the service-level target on each chart');
    assert.equal(r.body.match(/class="now"/g)?.length, 3, '"now" on each of today\u2019s charts');
    has(/<g class="axis"[^>]*>(<text[^>]*>[^<]*<\/text>)*<text[^>]*>12:00<\/text>/);
    has(/<span class="sub">\d+ on your queues · work today<\/span>/);
    has(/<td class="state" data-metric="status">(Available|On a contact|After-call work|Off queue)/);
  });

  test('once warm, pages and refreshes cost no CXone request; the poller reads only what changed', async () => {
    const tab = await signedIn('bob');
    assert.equal((await tab.get('/')).status, 200);
    await assertServedFromMemory(
      tab,
      ['/', '/api/dashboard', '/wallboard', '/dashboard.csv', '/api/dashboard'],
      cxoneRequests,
    );

    // Three seconds on, the poller asks the three real-time reports for what changed.
    const polled = f.emulator.context.stats.apiRequests.length;
    await f.clock.advance(3000);
    await waitFor(() => f.emulator.context.stats.apiRequests.length - polled >= 3);
    const asked = f.emulator.context.stats.apiRequests.slice(polled).map((r) => r.path.replace(/.*\/v[\d.]+\//, ''));
    for (const path of ['skills/activity', 'agents/states', 'contacts/active']) assert.ok(asked.includes(path), path);
    await converges(tab, 'bob');
  });

  test('into the next half-hour, the page carries the new figures by itself', async () => {
    const tab = await signedIn('alice');
    const before = await shown(tab);
    // Under the 30-minute idle limit, past 14:30: the poller and the minutely re-read catch up.
    await f.clock.advance(25 * 60_000);
    const later = await converges(tab, 'alice');
    assert.notDeepEqual(later.today, before.today, 'the afternoon brought contacts');
  });

  test('an admin sees every skill', async () => {
    const page = await shown(await signedIn('dana'));
    assert.equal(page.today.length, f.emulator.org.queues.length);
  });

  test('carol, without the reporting permission, gets the page that says to ask the admin', async () => {
    const tab = await signedIn('carol');
    const r = await tab.get('/');
    assert.equal(r.status, 403);
    assert.match(r.body, /Your account is missing a permission/);
    assert.match(r.body, /Ask your NICE CXone admin/);
    assert.match(r.body, /Sign out/);
    const api = await tab.get('/api/dashboard');
    assert.equal(api.status, 403);
    assert.equal((JSON.parse(api.body) as { error: string }).error, 'missing_permission');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
