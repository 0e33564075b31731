// The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// never a downloaded browser): alice and bob sign in through the emulator's login page in separate
// browser contexts, each sees only their own queues with the numbers the emulator's traffic gives,
// the figures refresh without a reload, and after signing out the page cannot be reached again. The
// same two people signed in with NICE CXone see their own skills with what CXone's API tells them.
// Screenshots of the main pages go to artifacts/screenshots/ (gitignored).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { todayWindow } from '../../src/dashboard/index.js';
import { seedClient, seedUser } from '../../src/emulator/index.js';
import { serviceLevelInputs } from '../../src/emulator/traffic/genesys-metrics.js';
import { conversationsBetween, conversationsInProgress } from '../../src/emulator/traffic/traffic.js';
import { cxoneExpected, type Row } from './cxone-expected.js';
import { type Fixture, startFixture } from './dashboard-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const haveChromium = existsSync(CHROMIUM);

let f: Fixture;
let browser: Browser;

before(async () => {
  if (!haveChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  f = await startFixture({ deps: { refreshSeconds: 1 } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  await f?.close();
});

/** What the emulator's own traffic says each of a user's queues should show now. */
async function expectedRows(username: string): Promise<{ live: Row[]; today: Row[] }> {
  const { org, context } = f.emulator;
  const now = f.clock.now();
  const user = seedUser(org, username);
  const queues = org.queues.filter((q) => user.queueIds.includes(q.id)).sort((a, b) => a.name.localeCompare(b.name));
  const day = todayWindow(now);
  const ended = conversationsBetween(context.traffic, day.from, day.to, now);
  const inProgress = conversationsInProgress(context.traffic, now);
  const onQueue = await onQueueAgents(queues.map((q) => q.id));
  const live = queues.map((q) => {
    const here = inProgress.filter((c) => c.conversation.queueId === q.id);
    return {
      name: q.name,
      cells: {
        waiting: String(here.filter((c) => c.phase === 'waiting').length),
        interacting: String(here.filter((c) => c.phase === 'interacting' || c.phase === 'held').length),
        onQueueAgents: String(onQueue.get(q.id)),
      },
    };
  });
  const today = queues.map((q) => {
    const list = ended.filter((c) => c.queueId === q.id);
    const answered = list.filter((c) => c.answered);
    const sl = list.reduce((n, c) => n + serviceLevelInputs(c, q).numerator, 0) / list.length;
    const aht = answered.reduce((n, c) => n + c.talkMs + c.holdMs + c.acwMs, 0) / answered.length / 1000;
    const seconds = Math.round(aht);
    return {
      name: q.name,
      cells: {
        offered: String(list.length),
        answered: String(answered.length),
        abandoned: String(list.length - answered.length),
        serviceLevel: `${Math.round(sl * 100)}%`,
        averageHandle: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
      },
    };
  });
  return { live, today };
}

/** Agents on queue as the emulator observes them, read with the daemon's client-credentials token. */
async function onQueueAgents(queueIds: string[]): Promise<Map<string, number>> {
  const daemon = seedClient(f.emulator.org, 'genesys', 'daemon');
  const token = await fetch(`${f.emulator.genesysUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${daemon.id}:${daemon.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const response = await fetch(`${f.emulator.genesysUrl}/api/v2/analytics/queues/observations/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      filter: { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) },
      metrics: ['oOnQueueUsers'],
    }),
  });
  const body = (await response.json()) as {
    results: { group: { queueId: string }; data: { stats: { count: number } }[] }[];
  };
  // oOnQueueUsers comes split by routing status (qualifier): the queue's count is the sum.
  return new Map(body.results.map((r) => [r.group.queueId, r.data.reduce((s, d) => s + d.stats.count, 0)]));
}

async function rows(page: Page, table: 'live' | 'today' | 'agents'): Promise<Row[]> {
  return page.$$eval(`#${table} tbody tr`, (trs) =>
    trs.map((tr) => ({
      name: (tr.querySelector('th')?.firstChild?.textContent ?? '').trim(),
      cells: Object.fromEntries(
        [...tr.querySelectorAll('td[data-metric]')].map((td) => [td.getAttribute('data-metric'), td.textContent]),
      ),
    })),
  );
}

async function signIn(context: BrowserContext, username: string, vendor = 'Genesys Cloud'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(f.dashboard.url);
  await page.getByRole('link', { name: `Sign in with ${vendor}` }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`demo-${username}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${f.dashboard.url}/`);
  await page.waitForLoadState('domcontentloaded');
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

describe('dashboard in headless Chromium', () => {
  test('alice and bob each see only their own queues, with the emulator’s numbers, refreshed live', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const aliceContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const bobContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const landing = await aliceContext.newPage();
      await landing.goto(f.dashboard.url);
      await landing.getByRole('heading', { name: 'Sign in to see your queues' }).waitFor();
      await shot(landing, '01-not-signed-in');
      await landing.close();

      const alice = await signIn(aliceContext, 'alice');
      await alice.locator('#live').waitFor();
      const bob = await signIn(bobContext, 'bob');
      await bob.locator('#live').waitFor();

      for (const [page, username] of [
        [alice, 'alice'],
        [bob, 'bob'],
      ] as const) {
        const expected = await expectedRows(username);
        assert.deepEqual(await rows(page, 'live'), expected.live, `${username}: live`);
        assert.deepEqual(await rows(page, 'today'), expected.today, `${username}: today`);
        assert.equal(
          await page.locator('svg.chart').count(),
          expected.today.length,
          `${username}: one chart per queue`,
        );
      }
      const aliceQueues = (await rows(alice, 'live')).map((r) => r.name);
      const bobQueues = (await rows(bob, 'live')).map((r) => r.name);
      assert.deepEqual(aliceQueues, ['Retention', 'Sales DE', 'Sales EN']);
      assert.deepEqual(bobQueues, ['Billing', 'Support Tier 1', 'Support Tier 2']);
      assert.match((await alice.locator('header .user').textContent()) ?? '', /Alice Sales-Supervisor/);
      assert.ok((await alice.locator('#agents tbody tr').count()) > 20, 'agents table filled');
      await shot(alice, '02-dashboard-alice');
      await shot(bob, '03-dashboard-bob');

      // The session cookie as the browser holds it: HttpOnly, Secure, Strict; invisible to scripts.
      const cookies = await aliceContext.cookies();
      const session = cookies.find((c) => c.name === '__Host-ccpulse');
      assert.ok(session);
      assert.equal(session.httpOnly, true);
      assert.equal(session.secure, true);
      assert.equal(session.sameSite, 'Strict');
      assert.equal(session.path, '/');
      assert.equal(await alice.evaluate(() => document.cookie), '');

      // Ten minutes later the figures change in place: the script refreshes them without a reload.
      await alice.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      const before = await alice.locator('#updated').textContent();
      await f.clock.advance(10 * 60_000);
      await alice.waitForFunction((old) => document.getElementById('updated')?.textContent !== old, before);
      const expected = await expectedRows('alice');
      assert.deepEqual(await rows(alice, 'live'), expected.live, 'alice: live after refresh');
      assert.deepEqual(await rows(alice, 'today'), expected.today, 'alice: today after refresh');
      assert.equal(await alice.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true);

      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        storageState: await aliceContext.storageState(),
      });
      const small = await phone.newPage();
      await small.goto(f.dashboard.url);
      await small.locator('#live').waitFor();
      await shot(small, '04-dashboard-alice-phone');
      await phone.close();

      // Signing out revokes and ends the session; the dashboard is gone, also by the back button.
      await alice.getByRole('button', { name: 'Sign out' }).click();
      await alice.getByRole('heading', { name: 'You are signed out' }).waitFor();
      assert.match((await alice.locator('main').textContent()) ?? '', /revoked at the vendor/);
      await shot(alice, '05-signed-out');
      await alice.goBack();
      await alice.reload();
      await alice.getByRole('heading', { name: 'Sign in to see your queues' }).waitFor();
      assert.equal(await alice.locator('#live').count(), 0);
      const api = await alice.evaluate(async () => (await fetch('/api/dashboard')).status);
      assert.equal(api, 401);
      assert.equal(
        (await aliceContext.cookies()).find((c) => c.name === '__Host-ccpulse'),
        undefined,
      );

      // Bob, idle for 31 minutes, finds his session ended.
      await bob.close();
      await f.clock.advance(31 * 60_000);
      const later = await bobContext.newPage();
      await later.goto(f.dashboard.url);
      await later.getByRole('heading', { name: 'Your session has ended' }).waitFor();
      await shot(later, '06-session-expired');
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });

  test('the pages for a missing permission and for declined consent', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const carol = await signIn(context, 'carol');
      await carol.getByRole('heading', { name: 'Your account is missing a permission' }).waitFor();
      assert.match((await carol.locator('main').textContent()) ?? '', /analytics:queueObservation:view/);
      await shot(carol, '07-missing-permission');
      // Carol can still sign out from there.
      await carol.getByRole('button', { name: 'Sign out' }).click();
      await carol.getByRole('heading', { name: 'You are signed out' }).waitFor();

      const page = await context.newPage();
      await page.goto(`${f.dashboard.url}/login/genesys`);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Access was not granted' }).waitFor();
      await shot(page, '08-consent-denied');

      await page.goto(`${f.dashboard.url}/callback/genesys?code=abc&state=forged`);
      await page.getByRole('heading', { name: 'That sign-in link cannot be used' }).waitFor();
      await shot(page, '09-bad-callback');
    } finally {
      await context.close();
    }
  });
  test('alice and bob signed in with NICE CXone each see their own skills with CXone’s numbers', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const aliceContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const bobContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const alice = await signIn(aliceContext, 'alice', 'NICE CXone');
      await alice.locator('#live').waitFor();
      const bob = await signIn(bobContext, 'bob', 'NICE CXone');
      await bob.locator('#live').waitFor();
      for (const [page, username] of [
        [alice, 'alice'],
        [bob, 'bob'],
      ] as const) {
        const expected = await cxoneExpected(f, username);
        assert.deepEqual(await rows(page, 'today'), expected.today, `${username}: today`);
        assert.deepEqual(await rows(page, 'live'), expected.live, `${username}: live`);
        assert.deepEqual(await rows(page, 'agents'), expected.agents, `${username}: agents`);
        assert.equal(
          await page.locator('svg.chart').count(),
          expected.today.length,
          `${username}: one chart per skill`,
        );
        assert.match((await page.locator('header .vendor').textContent()) ?? '', /NICE CXone/);
      }
      assert.deepEqual(
        (await rows(alice, 'today')).map((r) => r.name),
        ['Retention', 'Sales DE', 'Sales EN'],
      );
      assert.deepEqual(
        (await rows(bob, 'today')).map((r) => r.name),
        ['Billing', 'Support Tier 1', 'Support Tier 2'],
      );
      assert.match((await alice.locator('header .user').textContent()) ?? '', /Alice Sales-Supervisor/);
      await shot(alice, '10-cxone-dashboard-alice');
      await shot(bob, '11-cxone-dashboard-bob');

      // The figures follow the clock in place, agents included, without a reload.
      await alice.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      const before = await alice.locator('#updated').textContent();
      await f.clock.advance(5 * 60_000);
      await alice.waitForFunction((old) => document.getElementById('updated')?.textContent !== old, before);
      const expected = await cxoneExpected(f, 'alice');
      assert.deepEqual(await rows(alice, 'today'), expected.today, 'alice: today after refresh');
      assert.deepEqual(await rows(alice, 'agents'), expected.agents, 'alice: agents after refresh');
      assert.equal(await alice.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true);

      await alice.getByRole('button', { name: 'Sign out' }).click();
      await alice.getByRole('heading', { name: 'You are signed out' }).waitFor();
      assert.match((await alice.locator('main').textContent()) ?? '', /revoked at the vendor/);
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });
});
