// The dashboard for CXone users over real HTTP against the emulator: each supervisor's page and its
// JSON refresh carry exactly what CXone's API tells that user's own token (skills, today's totals,
// live counts, agents' work), which in turn is the emulator's traffic; users with different
// permissions see different data; a user without the reporting permission gets the 403 page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { todayWindow } from '../../src/dashboard/index.js';
import { seedUser } from '../../src/emulator/index.js';
import { conversationsBetween } from '../../src/emulator/traffic/traffic.js';
import { cxoneExpected, type Row } from './cxone-expected.js';
import { BrowserTab, type Fixture, signInTab, startFixture } from './dashboard-fixture.js';

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(() => f.close());

interface Refresh {
  queues: { id: string; cells: Record<string, string> }[];
  agents: { id: string; cells: Record<string, string> }[] | null;
}

async function signedIn(username: string): Promise<BrowserTab> {
  const tab = new BrowserTab(f.dashboard.url);
  await signInTab(tab, username, 'cxone');
  return tab;
}

/** The refresh JSON as table rows: queues by skill name, split into the live and today columns. */
async function shown(tab: BrowserTab): Promise<{ live: Row[]; today: Row[]; agents: Row[] }> {
  const r = await tab.get('/api/dashboard');
  assert.equal(r.status, 200, r.body.slice(0, 300));
  const body = JSON.parse(r.body) as Refresh;
  const nameOf = (skillId: string) => f.emulator.org.queues.find((q) => String(q.skillId) === skillId)?.name ?? '?';
  const pick = (cells: Record<string, string>, keys: string[]) =>
    Object.fromEntries(keys.map((k) => [k, cells[k] ?? 'missing']));
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name);
  const queues = body.queues.map((q) => ({ name: nameOf(q.id), cells: q.cells })).sort(byName);
  return {
    live: queues.map((q) => ({ name: q.name, cells: pick(q.cells, ['waiting', 'interacting', 'onQueueAgents']) })),
    today: queues.map((q) => ({
      name: q.name,
      cells: pick(q.cells, ['offered', 'answered', 'abandoned', 'serviceLevel', 'averageHandle']),
    })),
    agents: (body.agents ?? []).map((a) => ({ name: `Agent ${a.id}`, cells: a.cells })).sort(byName),
  };
}

/** Offered/answered/abandoned per queue and handled per CXone agent id, counted on the traffic itself. */
function trafficCounts(username: string) {
  const { org, context } = f.emulator;
  const user = seedUser(org, username);
  const now = f.clock.now();
  const day = todayWindow(now);
  const ended = conversationsBetween(context.traffic, day.from, day.to, now).filter((c) =>
    user.queueIds.includes(c.queueId),
  );
  const queues = org.queues
    .filter((q) => user.queueIds.includes(q.id))
    .map((q) => {
      const list = ended.filter((c) => c.queueId === q.id);
      const answered = list.filter((c) => c.answered).length;
      return { name: q.name, offered: list.length, answered, abandoned: list.length - answered };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  // Every agent of the user's queues, with the contacts they answered there today.
  const agentOf = new Map(org.users.map((u) => [u.id, String(u.cxoneAgentId)]));
  const members = new Set(org.queues.filter((q) => user.queueIds.includes(q.id)).flatMap((q) => q.memberIds));
  const handled = new Map([...members].map((id) => [agentOf.get(id) ?? '?', 0]));
  for (const c of ended)
    if (c.answered && c.agentId)
      handled.set(agentOf.get(c.agentId) ?? '?', (handled.get(agentOf.get(c.agentId) ?? '?') ?? 0) + 1);
  return { queues, handled };
}

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

      // ... and those are the traffic's own counts, skill by skill and agent by agent.
      const counts = trafficCounts(username);
      assert.deepEqual(
        page.today.map((r) => ({
          name: r.name,
          offered: Number(r.cells.offered),
          answered: Number(r.cells.answered),
          abandoned: Number(r.cells.abandoned),
        })),
        counts.queues,
        `${username}: counts equal the traffic`,
      );
      assert.deepEqual(
        new Map(page.agents.map((a) => [a.name.replace('Agent ', ''), Number(a.cells.handled)])),
        counts.handled,
        `${username}: handled per agent equals the traffic`,
      );
      assert.ok(
        page.today.every((r) => Number(r.cells.offered) > 0),
        `${username}: a morning of contacts`,
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
    const aliceAgents = new Set(alicePage.agents.map((a) => a.name));
    assert.ok(aliceAgents.size > 0);
    assert.ok(
      bobPage.agents.every((a) => !aliceAgents.has(a.name)),
      'sales and support agents do not overlap',
    );
  });

  test('the page: CXone in the header, skills with media types, today’s charts, agents with their work', async () => {
    const tab = await signedIn('alice');
    const r = await tab.get('/');
    assert.equal(r.status, 200);
    // Checked without echoing the page: a failure names the pattern, not 30 KB of HTML.
    const has = (pattern: RegExp) => assert.ok(pattern.test(r.body), `the page lacks ${pattern}`);
    const lacks = (pattern: RegExp) => assert.ok(!pattern.test(r.body), `the page has ${pattern}`);
    has(/<span class="vendor">NICE CXone<\/span>/);
    has(/Alice Sales-Supervisor/);
    has(/Retention <span class="media">chat<\/span>/);
    has(/Sales EN <span class="media">voice<\/span>/);
    assert.equal(r.body.match(/<svg class="chart"/g)?.length, 3, 'one chart per skill');
    has(/<span class="sub">\d+ on your queues<\/span>/);
    has(/<th scope="col" class="num">Handled today<\/th>/);
    // CXone's performance report names agents by id: no directory column.
    lacks(/<th scope="col">Email<\/th>/);
    lacks(/Not available yet/);
  });

  test('the charts’ half-hours add up to the vendor’s day totals', async () => {
    const tab = await signedIn('bob');
    const r = await tab.get('/');
    const summaries = [...r.body.matchAll(/<title id="chart-[^"]+">([^<]+)<\/title>/g)].map((m) => m[1] ?? '');
    const expected = await cxoneExpected(f, 'bob');
    assert.equal(summaries.length, expected.today.length);
    for (const row of expected.today) {
      const summary = summaries.find((s) => s.startsWith(`${row.name} today:`));
      assert.ok(summary, `${row.name}: a chart`);
      assert.match(
        summary,
        new RegExp(`${row.cells.offered} offered, ${row.cells.answered} answered, ${row.cells.abandoned} abandoned`),
      );
    }
  });

  test('into the next half-hour, the JSON refresh carries the new figures', async () => {
    const tab = await signedIn('alice');
    const before = await shown(tab);
    // Under the 30-minute idle limit, past 14:30.
    await f.clock.advance(25 * 60_000);
    const later = await shown(tab);
    const expected = await cxoneExpected(f, 'alice');
    assert.deepEqual(later.today, expected.today);
    assert.deepEqual(later.agents, expected.agents);
    assert.notDeepEqual(later.today, before.today, 'the afternoon brought contacts');
  });

  test('a refresh re-reads the live half-hours every time and the settled ones every five minutes', async () => {
    const tab = await signedIn('bob');
    const cxoneRequests = () => f.emulator.context.stats.apiRequests.filter((r) => r.vendor === 'cxone').length;
    const costOf = async (path: string) => {
      const before = cxoneRequests();
      assert.equal((await tab.get(path)).status, 200);
      return cxoneRequests() - before;
    };
    const now = f.clock.now();
    const halfHoursSoFar = Math.floor((now - todayWindow(now).from) / (30 * 60_000)) + 1;
    // Skills, live counts, day totals and agents: four requests besides the half-hours.
    assert.equal(await costOf('/'), 4 + halfHoursSoFar, 'first page: every half-hour');
    assert.equal(await costOf('/api/dashboard'), 4 + 2, 'refresh: the current and the previous half-hour');
    await f.clock.advance(4 * 60_000);
    assert.equal(await costOf('/api/dashboard'), 4 + 2, 'four minutes on: still the two live ones');
    await f.clock.advance(60_000);
    assert.equal(await costOf('/api/dashboard'), 4 + halfHoursSoFar, 'five minutes on: the settled ones again');
    const expected = await cxoneExpected(f, 'bob');
    assert.deepEqual((await shown(tab)).today, expected.today);
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
