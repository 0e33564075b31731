// The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// never a downloaded browser): alice and bob sign in through the emulator's login page in separate
// browser contexts and each sees only their own queues with the numbers the emulator's traffic gives.
// A call that starts waiting in the emulator shows on the open page within a second, pushed (Genesys
// Notifications -> the dashboard -> Server-Sent Events), without a reload; so it does after the
// socket drops, after the channel expires and after the access token expires. The same two people
// signed in with NICE CXone see their own skills. Screenshots of both vendors' views, the wallboard
// and the other pages go to artifacts/screenshots/, or to CCPULSE_SCREENSHOTS (the README's come from
// `CCPULSE_SCREENSHOTS=docs/screenshots`: a plain test run never changes tracked files).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { LIVE_METRICS, PERIOD_METRICS } from '../../src/dashboard/view-cells.js';
import { seedUser } from '../../src/emulator/index.js';
import { cxoneExpected, type Row, utcDay } from './cxone-expected.js';
import { type Fixture, startFixture } from './dashboard-fixture.js';
import { genesysTruth } from './genesys-expected.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = `${resolve(new URL('../..', import.meta.url).pathname, process.env.CCPULSE_SCREENSHOTS ?? 'artifacts/screenshots')}/`;
const haveChromium = existsSync(CHROMIUM);
/** The browser runs in UTC, so the page's day is the UTC day the expectations count. */
const ZONE = 'UTC';

let f: Fixture;
let browser: Browser;

before(async () => {
  if (!haveChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  f = await startFixture({
    emulator: {
      // Tokens of 5 minutes and channels of 10 (Genesys: 24 h), so both run out within the test.
      tokenLifetimeSeconds: { genesys: 300 },
      notifications: { tickMs: 50, channelLifetimeMs: 10 * 60_000 },
    },
  });
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

async function rows(page: Page, table: 'live' | 'period' | 'agents', metrics?: string[]): Promise<Row[]> {
  const all = await page.$$eval(`#${table} tbody tr`, (trs) =>
    trs.map((tr) => ({
      id: tr.getAttribute('data-queue-id') ?? tr.getAttribute('data-agent-id') ?? '',
      name: (tr.querySelector('th')?.firstChild?.textContent ?? '').trim(),
      cells: Object.fromEntries(
        [...tr.querySelectorAll('td[data-metric]')].map((td) => [td.getAttribute('data-metric'), td.textContent]),
      ),
    })),
  );
  return all.map((r) => ({
    name: r.name,
    id: r.id,
    cells: metrics ? Object.fromEntries(metrics.map((m) => [m, r.cells[m] ?? 'missing'])) : r.cells,
  })) as Row[];
}

async function signIn(context: BrowserContext, username: string, vendor = 'Genesys Cloud'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(f.dashboard.url);
  await page.getByRole('link', { name: `Sign in with ${vendor}` }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`demo-${username}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${f.dashboard.url}/`);
  await page.locator('#live').waitFor();
  return page;
}

const newContext = (viewport = { width: 1366, height: 900 }) =>
  browser.newContext({ viewport, timezoneId: ZONE, locale: 'en-GB' });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

/** Injects a call that waits in `queueId` and measures how long until the open page shows it. */
async function callShowsWithin(page: Page, queueId: string): Promise<number> {
  // First the page must show what the emulator has now (a clock jump may still be on its way).
  const waitingNow = (username: string) =>
    (genesysTruth(f, username, utcDay(f.clock.now())).queues.get(queueId) as { waiting: string } | undefined)?.waiting;
  const before = Number(waitingNow('alice'));
  await page.waitForFunction(
    ([id, want]) =>
      document.querySelector(`#live tr[data-queue-id="${id}"] td[data-metric="waiting"]`)?.textContent === String(want),
    [queueId, before] as const,
    { timeout: 8000 },
  );
  const started = Date.now();
  f.emulator.injectConversation({ queueId, waitMs: 20 * 60_000 });
  await page.waitForFunction(
    ([id, want]) =>
      document.querySelector(`#live tr[data-queue-id="${id}"] td[data-metric="waiting"]`)?.textContent === String(want),
    [queueId, before + 1] as const,
    { timeout: 5000, polling: 'raf' },
  );
  return Date.now() - started;
}

describe('dashboard in headless Chromium', () => {
  test('alice and bob each see only their own queues; an emulator event shows within a second, after a dropped socket, an expired channel and an expired token too', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const aliceContext = await newContext();
    const bobContext = await newContext();
    try {
      const landing = await aliceContext.newPage();
      await landing.goto(f.dashboard.url);
      await landing.getByRole('heading', { name: 'Sign in to see your queues' }).waitFor();
      await shot(landing, '01-not-signed-in');
      await landing.close();

      const alice = await signIn(aliceContext, 'alice');
      // Counts the charts the page's script draws (from the numbers the stream sends), from the page's start.
      await bobContext.addInitScript(() => {
        const w = window as unknown as { chartsDrawn: number };
        w.chartsDrawn = 0;
        document.addEventListener('DOMContentLoaded', () =>
          new MutationObserver((changes) => {
            for (const c of changes) for (const n of c.addedNodes) if (n.nodeName === 'svg') w.chartsDrawn++;
          }).observe(document.body, { childList: true, subtree: true }),
        );
      });
      const bob = await signIn(bobContext, 'bob');
      for (const [page, username] of [
        [alice, 'alice'],
        [bob, 'bob'],
      ] as const) {
        const truth = genesysTruth(f, username, utcDay(f.clock.now()));
        for (const row of await rows(page, 'live')) {
          const want = truth.queues.get((row as Row & { id: string }).id) ?? {};
          for (const m of ['waiting', 'interacting', 'agentsIdle', 'agentsBusy', 'agentsOffQueue'])
            assert.equal(row.cells[m], (want as Record<string, string>)[m], `${username} ${row.name} ${m}`);
        }
        for (const row of await rows(page, 'period')) {
          const want = truth.queues.get((row as Row & { id: string }).id) ?? {};
          for (const m of ['offered', 'answered', 'abandoned'])
            assert.equal(row.cells[m], (want as Record<string, string>)[m], `${username} ${row.name} ${m}`);
        }
        assert.equal(await page.locator('svg.chart').count(), 3, `${username}: one chart per queue`);
        assert.equal((await rows(page, 'agents')).length, truth.agents.size, `${username}: agents of their queues`);
      }
      assert.deepEqual(
        (await rows(alice, 'live')).map((r) => r.name),
        ['Retention', 'Sales DE', 'Sales EN'],
      );
      assert.deepEqual(
        (await rows(bob, 'live')).map((r) => r.name),
        ['Billing', 'Support Tier 1', 'Support Tier 2'],
      );
      // The script draws each chart from the stream's numbers as the server drew it into the page: the
      // same marks, the same axes, target and summary ("now" aside: the script's moves on by the minute).
      await bob.waitForFunction(() => (window as unknown as { chartsDrawn: number }).chartsDrawn >= 3);
      const withoutNow = (svg: string) =>
        svg.replace(/<path class="now"[^>]*><\/path>/, '').replace(/<text class="axis now-label"[^>]*>now<\/text>/, '');
      const drawnByScript = await bob.$$eval('[data-chart]', (boxes) => boxes.map((b) => b.innerHTML));
      const drawnByServer = await bob.evaluate(async () =>
        [
          ...new DOMParser()
            .parseFromString(await (await fetch('/')).text(), 'text/html')
            .querySelectorAll('[data-chart]'),
        ].map((b) => b.innerHTML),
      );
      assert.equal(drawnByScript.length, 3);
      assert.deepEqual(drawnByScript.map(withoutNow), drawnByServer.map(withoutNow));
      for (const svg of drawnByScript) {
        assert.match(svg, /<path class="now"/, '"now" on the chart the script drew');
        assert.match(svg, /<path class="sl-target"/, 'the target on the chart the script drew');
        assert.match(svg, /<path class="bar-answered" d="(M[\d.]+ [\d.]+v-[\d.]+h[\d.]+v[\d.]+z)+"/, 'the bars');
      }
      // The drawn chart carries no figures per bar: the script shows the hovered bucket's.
      const firstBar = await bob.$eval('[data-chart] svg', (svg) => {
        const [x = 0, y = 0] = (
          /M([\d.]+) ([\d.]+)/.exec(svg.querySelector('.bar-answered')?.getAttribute('d') ?? '') ?? []
        )
          .slice(1)
          .map(Number);
        svg.scrollIntoView({ block: 'center' });
        const r = svg.getBoundingClientRect();
        const box = (svg as SVGSVGElement).viewBox.baseVal;
        return { x: r.left + ((x + 2) / box.width) * r.width, y: r.top + ((y - 2) / box.height) * r.height };
      });
      await bob.mouse.move(firstBar.x, firstBar.y);
      await bob.locator('.chart-tip').waitFor({ state: 'visible', timeout: 2000 });
      assert.match(
        (await bob.locator('.chart-tip').textContent()) ?? '',
        /^\d\d:\d\d–\d\d:\d\d: \d+ offered, [1-9]\d* answered, \d+ abandoned, service level /,
      );
      assert.match((await alice.locator('header .user').textContent()) ?? '', /Alice Sales-Supervisor/);
      // The time-zone setting shows the browser's own zone (UTC was missing from the list: the menu
      // showed its first zone, Africa/Abidjan).
      assert.equal(await alice.locator('#tz').inputValue(), ZONE);
      // The page sends the zone in use and UTC; the script lists the browser's other zones.
      assert.ok((await alice.locator('#tz option').count()) > 300, 'every zone to choose from');
      assert.equal(await alice.locator('#tz option[value="Europe/Berlin"]').count(), 1);

      // The session cookie as the browser holds it: HttpOnly, Secure, Strict; invisible to scripts.
      const cookies = await aliceContext.cookies();
      const session = cookies.find((c) => c.name === '__Host-ccpulse');
      assert.ok(session);
      assert.equal(session.httpOnly, true);
      assert.equal(session.secure, true);
      assert.equal(session.sameSite, 'Strict');
      assert.doesNotMatch(await alice.evaluate(() => document.cookie), /__Host-ccpulse=/);

      // A call starts waiting: the open page shows it, pushed, without a reload.
      await alice.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      const [salesEn, salesDe, retention] = seedUser(f.emulator.org, 'alice').queueIds as [string, string, string];
      const latencies = [await callShowsWithin(alice, salesEn)];
      await shot(alice, '02-dashboard-genesys-alice');
      await shot(bob, '03-dashboard-genesys-bob');

      // The socket drops: the stream reconnects by itself and the next call shows too.
      assert.ok(f.emulator.notifications.dropConnections() >= 2);
      await new Promise((r) => setTimeout(r, 1500));
      latencies.push(await callShowsWithin(alice, salesDe));

      // The channel expires (10 minutes here) and the 5-minute token with it: a new channel, a refreshed token.
      const aliceId = seedUser(f.emulator.org, 'alice').id;
      const channel = () =>
        f.emulator.notifications.channels().find((c) => c.owner.endsWith(`:${aliceId}`) && c.connected);
      const firstChannel = channel()?.id;
      const refreshes = () =>
        f.emulator.context.stats.tokenRequests.filter((r) => r.grant === 'refresh_token' && r.ok).length;
      const refreshedBefore = refreshes();
      for (let i = 0; i < 11; i++) await f.clock.advance(60_000);
      await alice.waitForFunction(
        (id) => document.querySelector(`#live tr[data-queue-id="${id}"]`) !== null,
        retention,
      );
      const deadline = Date.now() + 8000;
      while ((channel()?.id ?? firstChannel) === firstChannel && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.notEqual(channel()?.id, firstChannel, 'the expired channel was replaced');
      assert.ok(refreshes() > refreshedBefore, 'the expired token was refreshed on the server');
      latencies.push(await callShowsWithin(alice, retention));
      assert.ok(
        latencies.every((ms) => ms < 1000),
        `a waiting call showed after ${latencies.join(', ')} ms`,
      );
      assert.equal(await alice.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true);

      // Yesterday in Berlin; the wallboard; a phone.
      await alice.goto(`${f.dashboard.url}/?period=7d&tz=Europe%2FBerlin`);
      await alice.locator('#period').waitFor();
      await shot(alice, '04-dashboard-genesys-7-days-berlin');
      const wall = await aliceContext.newPage();
      await wall.setViewportSize({ width: 1920, height: 1080 });
      await wall.goto(`${f.dashboard.url}/wallboard`);
      await wall.locator('.tile').first().waitFor();
      assert.equal(await wall.locator('.tile').count(), 3);
      // Dark to the bottom of the screen, not only behind the tiles (a TV showed a light band below them).
      assert.ok(await wall.evaluate(() => document.body.getBoundingClientRect().height >= window.innerHeight));
      await shot(wall, '05-wallboard');
      await wall.close();
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        storageState: await aliceContext.storageState(),
        timezoneId: ZONE,
      });
      const small = await phone.newPage();
      await small.goto(f.dashboard.url);
      await small.locator('#live').waitFor();
      await shot(small, '06-dashboard-alice-phone');
      await phone.close();

      // Signing out revokes and ends the session; the dashboard is gone, also by the back button.
      await alice.getByRole('button', { name: 'Sign out' }).click();
      await alice.getByRole('heading', { name: 'You are signed out' }).waitFor();
      assert.match((await alice.locator('main').textContent()) ?? '', /revoked at the vendor/);
      await shot(alice, '07-signed-out');
      await alice.goBack();
      await alice.reload();
      await alice.getByRole('heading', { name: 'Sign in to see your queues' }).waitFor();
      assert.equal(await alice.locator('#live').count(), 0);
      const api = await alice.evaluate(async () => (await fetch('/api/dashboard')).status);
      assert.equal(api, 401);

      // Bob, idle for 31 minutes with no page open, finds his session ended.
      await bob.close();
      await f.clock.advance(31 * 60_000);
      const later = await bobContext.newPage();
      await later.goto(f.dashboard.url);
      await later.getByRole('heading', { name: 'Your session has ended' }).waitFor();
      await shot(later, '08-session-expired');
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });

  test('the pages for a missing permission and for declined consent', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const context = await newContext();
    try {
      const carol = await context.newPage();
      await carol.goto(f.dashboard.url);
      await carol.getByRole('link', { name: 'Sign in with Genesys Cloud' }).click();
      await carol.getByLabel('Username').fill('carol');
      await carol.getByLabel('Password').fill('demo-carol');
      await carol.getByRole('button', { name: 'Sign in' }).click();
      await carol.getByRole('heading', { name: 'Your account is missing a permission' }).waitFor();
      assert.match((await carol.locator('main').textContent()) ?? '', /analytics:queueObservation:view/);
      await shot(carol, '09-missing-permission');
      // Carol can still sign out from there.
      await carol.getByRole('button', { name: 'Sign out' }).click();
      await carol.getByRole('heading', { name: 'You are signed out' }).waitFor();

      const page = await context.newPage();
      await page.goto(`${f.dashboard.url}/login/genesys`);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Access was not granted' }).waitFor();
      await shot(page, '10-consent-denied');

      await page.goto(`${f.dashboard.url}/callback/genesys?code=abc&state=forged`);
      await page.getByRole('heading', { name: 'That sign-in link cannot be used' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('alice and bob signed in with NICE CXone each see their own skills with CXone’s numbers', async (t) => {
    if (!haveChromium) return t.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const aliceContext = await newContext();
    const bobContext = await newContext();
    // The longest wait and the time in status tick on the browser's clock while the emulator's stands
    // still: the HTTP tests compare those.
    const LIVE = LIVE_METRICS.filter((m) => m !== 'longestWait');
    const TODAY = [...PERIOD_METRICS];
    const AGENTS = ['status', 'handled', 'averageHandle'];
    const strip = (list: Row[]) => list.map(({ name, cells }) => ({ name, cells }));
    try {
      const alice = await signIn(aliceContext, 'alice', 'NICE CXone');
      const bob = await signIn(bobContext, 'bob', 'NICE CXone');
      for (const [page, username] of [
        [alice, 'alice'],
        [bob, 'bob'],
      ] as const) {
        const expected = await cxoneExpected(f, username);
        const only = (list: Row[], keys: string[]) =>
          list.map(({ name, cells }) => ({ name, cells: Object.fromEntries(keys.map((k) => [k, cells[k]])) }));
        assert.deepEqual(strip(await rows(page, 'period', TODAY)), only(expected.today, TODAY), `${username}: today`);
        assert.deepEqual(strip(await rows(page, 'live', LIVE)), only(expected.live, LIVE), `${username}: live`);
        assert.deepEqual(
          strip(await rows(page, 'agents', AGENTS)),
          only(expected.agents, AGENTS),
          `${username}: agents`,
        );
        assert.match((await page.locator('header .vendor').textContent()) ?? '', /NICE CXone/);
      }
      await shot(alice, '11-dashboard-cxone-alice');
      await shot(bob, '12-dashboard-cxone-bob');

      // The poller brings a call that starts waiting, without a reload.
      await alice.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      const queueId = seedUser(f.emulator.org, 'alice').queueIds[0] as string;
      const skillId = String(f.emulator.org.queues.find((q) => q.id === queueId)?.skillId);
      const cell = alice.locator(`#live tr[data-queue-id="${skillId}"] td[data-metric="waiting"]`);
      const before = Number(await cell.textContent());
      // After the last poll (time moves on), a call starts waiting; the next poll, 3 s on, brings it.
      await f.clock.advance(1000);
      f.emulator.injectConversation({ queueId, waitMs: 20 * 60_000 });
      await f.clock.advance(3000);
      await alice.waitForFunction(
        ([id, want]) =>
          document.querySelector(`#live tr[data-queue-id="${id}"] td[data-metric="waiting"]`)?.textContent ===
          String(want),
        [skillId, before + 1] as const,
        { timeout: 5000 },
      );
      assert.equal(await alice.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true);

      await alice.getByRole('button', { name: 'Sign out' }).click();
      await alice.getByRole('heading', { name: 'You are signed out' }).waitFor();
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });
});
