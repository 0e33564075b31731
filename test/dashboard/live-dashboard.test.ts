// The Genesys supervisor's live view over real HTTP, WebSocket and Server-Sent Events against the
// emulator: the figures are the traffic's own (live numbers, agents on the supervisor's queues with
// their status and time in it, today's totals, a period in another time zone), pages cost no vendor
// request once warm, an emulator event reaches the event stream in well under a second, isolation
// holds under concurrent load (no response or event ever carries another user's queue or agent),
// and an expired token is refreshed without losing the stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, seedUser } from '../../src/emulator/index.js';
import {
  assertServedFromMemory,
  BrowserTab,
  csrfFrom,
  type Fixture,
  openEvents,
  signInTab,
  startFixture,
} from './dashboard-fixture.js';
import { genesysTruth } from './genesys-expected.js';

let f: Fixture;
let emulator: RunningEmulator;
before(async () => {
  // Genesys tokens live 5 minutes here, so the stream outlives one; pushes are looked for every 50 ms.
  f = await startFixture({
    emulator: { tokenLifetimeSeconds: { genesys: 300 }, notifications: { tickMs: 50 } },
  });
  emulator = f.emulator;
});
after(() => f.close());

interface View {
  now: number;
  chartFrame?: { step: string; starts: number[]; end: number; labels: string[]; ticks: [number, string][] };
  queues: {
    id: string;
    cells: Record<string, string>;
    waitingSince: number | null;
    chart?: { target: number | null; bars: [number, number, number, number | null][] };
  }[];
  agents: { id: string; state: string | null; cells: Record<string, string>; since: number | null }[];
}

async function signedIn(username: string): Promise<BrowserTab> {
  const tab = new BrowserTab(f.dashboard.url);
  await signInTab(tab, username, 'genesys');
  return tab;
}

async function view(tab: BrowserTab, query = ''): Promise<View> {
  const r = await tab.get(`/api/dashboard${query}`);
  assert.equal(r.status, 200, r.body.slice(0, 300));
  return JSON.parse(r.body) as View;
}

const utcToday = () => {
  const from = Math.floor(f.clock.now() / 86_400_000) * 86_400_000;
  return { from, to: from + 86_400_000 };
};

const apiRequests = () => emulator.context.stats.apiRequests.length;

describe('the Genesys live view', () => {
  test("alice's view is the traffic's: live numbers, agents on her queues with status and time in it, today", async () => {
    const tab = await signedIn('alice');
    const shown = await view(tab);
    const expected = genesysTruth(f, 'alice', utcToday());
    assert.deepEqual(shown.queues.map((q) => q.id).sort(), [...expected.queues.keys()].sort());
    for (const q of shown.queues) {
      const want = expected.queues.get(q.id) ?? {};
      for (const [metric, value] of Object.entries(want)) assert.equal(q.cells[metric], value, `${q.id} ${metric}`);
    }
    // The supervisor's agents, not the org directory: every member of her queues, nobody else.
    assert.deepEqual(shown.agents.map((a) => a.id).sort(), [...expected.agents.keys()].sort());
    for (const a of shown.agents) assert.deepEqual(a.cells, expected.agents.get(a.id), a.id);
  });

  test('the JSON carries each chart as numbers: the day’s half-hours, a bar each, the target; no SVG', async () => {
    const tab = await signedIn('alice');
    const r = await tab.get('/api/dashboard');
    assert.doesNotMatch(r.body, /<svg|<rect/);
    const shown = JSON.parse(r.body) as View;
    const frame = shown.chartFrame;
    assert.ok(frame);
    const { from, to } = utcToday();
    assert.equal(frame.step, 'half-hour');
    assert.deepEqual(
      frame.starts,
      Array.from({ length: 48 }, (_, i) => from + i * 30 * 60_000),
    );
    assert.equal(frame.end, to);
    assert.equal(frame.labels[19], '09:30–10:00');
    assert.deepEqual(
      frame.ticks.map(([at]) => at),
      [0, 12, 24, 36, 48],
    );
    assert.ok(shown.now >= from && shown.now < to, '"now" falls on today’s chart');
    for (const q of shown.queues) {
      const chart = q.chart;
      assert.ok(chart, q.id);
      assert.equal(chart.bars.length, 48);
      const sum = (k: 0 | 1 | 2) => chart.bars.reduce((n, b) => n + b[k], 0);
      assert.equal(String(sum(0)), q.cells.offered, `${q.id} offered`);
      assert.equal(String(sum(1)), q.cells.answered, `${q.id} answered`);
      assert.equal(String(sum(2)), q.cells.abandoned, `${q.id} abandoned`);
      const target = emulator.org.queues.find((x) => x.id === q.id)?.serviceLevel.percent;
      assert.equal(chart.target, (target ?? Number.NaN) / 100, `${q.id} target`);
      for (const [, , , sl] of chart.bars) assert.ok(sl === null || (sl >= 0 && sl <= 1));
    }
  });

  test('once warm, the page, its JSON, the CSV and the wallboard cost no Genesys request', async () => {
    const tab = await signedIn('alice');
    assert.equal((await tab.get('/')).status, 200);
    await assertServedFromMemory(
      tab,
      ['/', '/api/dashboard', '/wallboard', '/dashboard.csv', '/?period=today'],
      apiRequests,
    );
  });

  test('a call that starts waiting reaches the event stream at once, with its wait', async () => {
    const tab = await signedIn('alice');
    const events = await openEvents(tab);
    try {
      const first = (await events.next(() => true)) as unknown as View;
      const queueId = seedUser(emulator.org, 'alice').queueIds[0] as string;
      const before = Number(first.queues.find((q) => q.id === queueId)?.cells.waiting);
      const injectedAt = Date.now();
      emulator.injectConversation({ queueId, waitMs: 10 * 60_000 });
      const pushed = (await events.next((v) => {
        const q = (v as unknown as View).queues.find((x) => x.id === queueId);
        return Number(q?.cells.waiting) === before + 1;
      })) as unknown as View;
      const latency = Date.now() - injectedAt;
      assert.ok(latency < 1000, `the waiting call showed after ${latency} ms`);
      const q = pushed.queues.find((x) => x.id === queueId);
      assert.ok(
        q?.waitingSince !== null && (q?.waitingSince ?? 0) <= f.clock.now(),
        'the longest wait ticks from a moment',
      );
      // The first view brings every chart; later ones only what changed (a call waiting changes no bar
      // of the other queues, nor the day's buckets).
      assert.ok(first.chartFrame, 'the first view brings the chart frame');
      assert.ok(
        first.queues.every((x) => x.chart),
        'the first view brings every chart',
      );
      for (const later of events.views.slice(1) as unknown as View[]) {
        assert.equal(later.chartFrame, undefined, 'the frame is not sent again');
        for (const x of later.queues)
          if (x.id !== queueId) assert.equal(x.chart, undefined, `${x.id}: chart sent again`);
      }
    } finally {
      events.close();
    }
  });

  test('isolation under concurrent load: no response or event ever carries another user’s queue or agent', async () => {
    // dana (the admin) sees every queue: her cached renderings are the ones a wrong cache key would
    // hand to alice or bob. Each reads pages, JSON, wallboards and CSVs of two periods in two zones.
    const users = ['alice', 'bob', 'dana'] as const;
    type User = (typeof users)[number];
    const own = Object.fromEntries(
      users.map((u) => {
        const queues = new Set(seedUser(emulator.org, u).queueIds);
        const agents = new Set(emulator.org.queues.filter((q) => queues.has(q.id)).flatMap((q) => q.memberIds));
        const names = new Set(emulator.org.queues.filter((q) => queues.has(q.id)).map((q) => q.name));
        return [u, { queues, agents, names }];
      }),
    ) as Record<User, { queues: Set<string>; agents: Set<string>; names: Set<string> }>;
    const tabs = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const user = users[i % users.length] as User;
        const tab = await signedIn(user);
        // Each session's own sign-out token: the page's frame is per session even when its body is shared.
        return { user, tab, csrf: csrfFrom((await tab.get('/')).body) };
      }),
    );
    assert.equal(new Set(tabs.map((t) => t.csrf)).size, tabs.length, 'a CSRF token per session');
    const streams = await Promise.all(tabs.map(async (t) => ({ ...t, events: await openEvents(t.tab) })));
    try {
      // Calls start waiting in every team's queues while every session reads at once, and "now" moves
      // on by whole seconds meanwhile (views are shared per second).
      for (const q of emulator.org.queues) emulator.injectConversation({ queueId: q.id, waitMs: 5 * 60_000 });
      const queries = ['', '?period=yesterday', '?tz=Europe%2FBerlin', '?period=yesterday&tz=America%2FNew_York'];
      const pending = tabs.flatMap((t) =>
        queries.flatMap((query) => [
          view(t.tab, query).then((v) => ({ user: t.user, view: v })),
          t.tab.get(`/${query}`).then((r) => ({ user: t.user, csrf: t.csrf, page: r })),
          t.tab.get(`/wallboard${query}`).then((r) => ({ user: t.user, page: r })),
          t.tab.get(`/dashboard.csv${query}`).then((r) => ({ user: t.user, csv: r })),
        ]),
      );
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await f.clock.advance(1000);
      }
      const answers = await Promise.all(pending);
      await new Promise((r) => setTimeout(r, 500));
      const views = [
        ...answers.flatMap((a) => ('view' in a ? [{ user: a.user, view: a.view }] : [])),
        ...streams.flatMap((s) => s.events.views.map((v) => ({ user: s.user, view: v as unknown as View }))),
      ];
      assert.ok(views.length >= tabs.length * queries.length + streams.length, `${views.length} views checked`);
      for (const { user, view: v } of views) {
        const mine = own[user];
        for (const q of v.queues) assert.ok(mine.queues.has(q.id), `${user} was shown queue ${q.id}`);
        for (const a of v.agents) assert.ok(mine.agents.has(a.id), `${user} was shown agent ${a.id}`);
        assert.equal(v.queues.length, mine.queues.size);
      }
      const ids = (body: string, attr: string) =>
        [...body.matchAll(new RegExp(`${attr}="([^"]+)"`, 'g'))].map((m) => m[1]);
      for (const a of answers) {
        const mine = own[a.user];
        if ('page' in a) {
          assert.equal(a.page.status, 200, a.page.url);
          const queues = new Set(ids(a.page.body, 'data-queue-id'));
          assert.deepEqual([...queues].sort(), [...mine.queues].sort(), `${a.user}: the queues of ${a.page.url}`);
          for (const id of ids(a.page.body, 'data-agent-id'))
            assert.ok(mine.agents.has(id ?? ''), `${a.user} was shown agent ${id}`);
          if ('csrf' in a) assert.equal(csrfFrom(a.page.body), a.csrf, 'the page carries its own session’s token');
        }
        if ('csv' in a) {
          assert.equal(a.csv.status, 200);
          const named = a.csv.body
            .split('\r\n')
            .map((l) => l.split(',')[0] ?? '')
            .filter((name) => emulator.org.queues.some((q) => q.name === name));
          assert.deepEqual([...new Set(named)].sort(), [...mine.names].sort(), `${a.user}: the CSV's queues`);
        }
      }
      // One channel per user, subscribed to that user's queues and agents only.
      for (const u of users) {
        const id = seedUser(emulator.org, u).id;
        const channels = emulator.notifications.channels().filter((c) => c.owner.endsWith(`:${id}`) && c.connected);
        assert.equal(channels.length, 1, `${u}: one channel for ${tabs.filter((t) => t.user === u).length} sessions`);
        for (const topic of channels[0]?.topics ?? []) {
          const [, kind, target] = /^v2\.(analytics\.queues|users)\.([^.]+)\./.exec(topic) ?? [];
          assert.ok(kind === 'users' ? own[u].agents.has(target ?? '') : own[u].queues.has(target ?? ''), topic);
        }
      }
    } finally {
      for (const s of streams) s.events.close();
    }
  });

  test('yesterday and the last 7 days in Berlin: day buckets in that zone, and the CSV of it', async () => {
    const tab = await signedIn('bob');
    const zone = 'Europe/Berlin';
    // March 2026 before the clocks change: Berlin is UTC+1, its days start at 23:00 UTC.
    const berlinMidnight = Math.floor((f.clock.now() + 3600_000) / 86_400_000) * 86_400_000 - 3600_000;
    const yesterday = genesysTruth(f, 'bob', { from: berlinMidnight - 86_400_000, to: berlinMidnight });
    const shown = await view(tab, `?period=yesterday&tz=${encodeURIComponent(zone)}`);
    for (const q of shown.queues)
      for (const m of ['offered', 'answered', 'abandoned'])
        assert.equal(q.cells[m], (yesterday.queues.get(q.id) as Record<string, string>)[m], `${q.id} ${m}`);
    const week = genesysTruth(f, 'bob', { from: berlinMidnight - 6 * 86_400_000, to: berlinMidnight + 86_400_000 });
    const weekShown = await view(tab, `?period=7d&tz=${encodeURIComponent(zone)}`);
    for (const q of weekShown.queues)
      assert.equal(q.cells.offered, (week.queues.get(q.id) as Record<string, string>).offered, `${q.id} 7d`);

    const page = await tab.get(`/?period=7d&tz=${encodeURIComponent(zone)}`);
    assert.match(page.body, /Last 7 days <span class="sub">/);
    assert.match(page.body, /<option value="Europe\/Berlin" selected>/);
    assert.equal(page.body.match(/<svg class="chart"/g)?.length, 3);
    const csv = await tab.get(`/dashboard.csv?period=yesterday&tz=${encodeURIComponent(zone)}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(
      csv.headers.get('content-disposition') ?? '',
      /attachment; filename="ccpulse-yesterday-\d{4}-\d\d-\d\d\.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.match(lines[0] ?? '', /^period,Yesterday,from,2026-03-08T23:00:00.000Z,to,2026-03-09T23:00:00.000Z$/);
    assert.match(lines[1] ?? '', /^time zone,Europe\/Berlin,/);
    const queueRows = lines.filter((l) => /^(Billing|Support Tier 1|Support Tier 2),/.test(l));
    assert.equal(queueRows.length, 3);
    for (const row of queueRows) {
      const name = row.split(',')[0];
      const q = emulator.org.queues.find((x) => x.name === name);
      assert.equal(
        row.split(',')[9],
        (yesterday.queues.get(q?.id ?? '') as Record<string, string>).offered,
        `${name} offered`,
      );
    }
    // The zone sticks (a cookie) for the next page without a tz in the URL.
    const next = await tab.get('/');
    assert.match(next.body, /data-zone="Europe\/Berlin"/);
  });

  test('a browser in UTC finds UTC selected in the zone setting (not the list’s first zone)', async () => {
    const tab = await signedIn('bob');
    // What a browser whose zone is UTC sends (the page's script stores Intl's name for it), an alias of
    // it, and a valid zone that Intl does not list.
    const cases: [string, string][] = [
      ['UTC', 'UTC'],
      ['Etc/UTC', 'UTC'],
      ['Etc/GMT+5', 'Etc/GMT+5'],
    ];
    for (const [zone, shown] of cases) {
      const page = await tab.get(`/?tz=${encodeURIComponent(zone)}`);
      const selected = [...page.body.matchAll(/<option value="([^"]+)" selected>/g)].map((m) => m[1]);
      assert.deepEqual(selected, [shown], zone);
      assert.ok(page.body.includes(`data-zone="${shown}"`), `${zone}: the page's zone`);
    }
  });

  test('the wallboard: a tile per queue in large type, no header', async () => {
    const tab = await signedIn('alice');
    const r = await tab.get('/wallboard');
    assert.equal(r.status, 200);
    assert.equal(r.body.match(/<article class="tile/g)?.length, 3);
    assert.doesNotMatch(r.body, /<header class="top">/);
    assert.match(r.body, /<body class="bare">/);
    assert.match(r.body, /data-stream="\/api\/dashboard\/events\?period=today"/);
  });

  test('an expired token is refreshed by the server, and the stream goes on on the same channel', async () => {
    const tab = await signedIn('alice');
    const events = await openEvents(tab);
    try {
      await events.next(() => true);
      const aliceId = seedUser(emulator.org, 'alice').id;
      const channelId = () =>
        emulator.notifications.channels().find((c) => c.owner.endsWith(`:${aliceId}`) && c.connected)?.id;
      const channel = channelId();
      const refreshes = () =>
        emulator.context.stats.tokenRequests.filter(
          (r) => r.vendor === 'genesys' && r.grant === 'refresh_token' && r.ok,
        ).length;
      const before = refreshes();
      // Past the 5-minute token: the minutely re-read of today's figures needs a new one.
      for (let i = 0; i < 6; i++) await f.clock.advance(60_000);
      await waitFor(() => refreshes() > before);
      const queueId = seedUser(emulator.org, 'alice').queueIds[1] as string;
      const count = (v: Record<string, unknown>) =>
        Number((v as unknown as View).queues.find((q) => q.id === queueId)?.cells.waiting);
      // The six minutes also ended earlier tests' calls (their patience ran out): those changes reach
      // the stream first, and a count read before them would be off by as many.
      await quiet(() => events.views.length, 500);
      const seen = events.views.length;
      const last = count(events.views.at(-1) ?? {});
      emulator.injectConversation({ queueId, waitMs: 10 * 60_000 });
      await events.next((v) => events.views.indexOf(v) >= seen && count(v) === last + 1);
      assert.equal(channelId(), channel, 'the same channel');
      assert.equal((await tab.get('/api/dashboard')).status, 200);
    } finally {
      events.close();
    }
  });
});

/** Until `size` has not changed for `forMs` (at most 10 s). */
async function quiet(size: () => number, forMs: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = size();
  let since = Date.now();
  while (Date.now() - since < forMs && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (size() !== last) {
      last = size();
      since = Date.now();
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
