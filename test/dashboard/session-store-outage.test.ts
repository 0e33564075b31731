// The dashboard with its Redis session store cut behind a TCP proxy (issue #17 item 6): /healthz says
// 503 and names the session store, a signed-in page names the real cause (not "Genesys Cloud did not
// answer"), and both recover by themselves once Redis is back. Its own Redis key prefix, deleted after.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, type TestContext, test } from 'node:test';
import { Redis } from 'ioredis';
import { parseConfig } from '../../src/config/index.js';
import { createManualClock, silentLogger } from '../../src/core/index.js';
import { openRedisSessionStore, type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { REDIS_URL, redisReachable, TOKEN_KEY, TOKEN_KEY_HEX } from '../scale/redis-support.js';
import { freePort, runCli } from '../support/run-cli.js';
import { type CutMode, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { tempDir } from '../support/temp-dir.js';
import { BrowserTab, FIXTURE_START, signInTab } from './dashboard-fixture.js';

const PREFIX = `ccpulse-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  if (!(await redisReachable())) return;
  const redis = new Redis(REDIS_URL);
  const left = await redis.keys(`${PREFIX}*`);
  if (left.length > 0) await redis.del(...left);
  await redis.quit();
});

async function setUp(t: TestContext): Promise<{ proxy: TcpProxy; dashboard: RunningDashboard } | undefined> {
  if (!(await redisReachable())) {
    t.skip(`skipped: no Redis at ${REDIS_URL}`);
    return undefined;
  }
  const target = new URL(REDIS_URL);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  cleanups.push(() => proxy.close());
  const clock = createManualClock(FIXTURE_START);
  const sessions = await openRedisSessionStore(`redis://127.0.0.1:${proxy.port}`, { prefix: PREFIX, clock });
  cleanups.push(() => sessions.close());
  let emulator: RunningEmulator | undefined;
  const dashboard = await startDashboard({
    port: 0,
    deps: async (url) => {
      emulator = await startEmulator({ seed: 5, clock, redirectUris: { genesys: [`${url}/callback/genesys`] } });
      return {
        orgs: parseConfig(emulator.env()).orgs,
        publicUrl: url,
        sessionKey: TOKEN_KEY,
        store: sessions.store,
        clock,
        logger: silentLogger,
      };
    },
  });
  cleanups.push(async () => {
    await dashboard.close();
    await emulator?.close();
  });
  return { proxy, dashboard };
}

async function healthz(dashboard: RunningDashboard) {
  const response = await fetch(`${dashboard.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { status: string; sessionStore: unknown } };
}

describe('dashboard with its Redis session store down', () => {
  test('/healthz 503 naming Redis, pages name the session store, both recover when Redis is back', async (t) => {
    const setup = await setUp(t);
    if (!setup) return;
    const { proxy, dashboard } = setup;
    const tab = new BrowserTab(dashboard.url);
    await signInTab(tab, 'alice', 'genesys');
    assert.equal((await tab.get('/')).status, 200);
    assert.deepEqual(await healthz(dashboard), {
      status: 200,
      body: { status: 'ok', sessionStore: { kind: 'Redis', up: true } },
    });

    await proxy.cut('refuse');
    const down = await healthz(dashboard);
    assert.equal(down.status, 503);
    assert.equal(down.body.status, 'degraded');
    assert.match(JSON.stringify(down.body.sessionStore), /"kind":"Redis","up":false,"detail":".+"/);
    for (const path of ['/', '/api/dashboard']) {
      const page = await tab.get(path);
      assert.equal(page.status, 503, path);
      assert.match(page.body, /cannot reach its session store/);
      assert.match(page.body, /Redis \(REDIS_URL\)/);
      assert.doesNotMatch(page.body, /did not answer/);
    }
    // The cookie is kept: the session is in Redis, not gone.
    assert.ok(tab.cookies.has('__Host-ccpulse'));

    await proxy.restore();
    for (let i = 0; (await healthz(dashboard)).status !== 200; i++) {
      assert.ok(i < 100, 'the session store did not come back within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const back = await tab.get('/');
    assert.equal(back.status, 200, 'signed in again without signing in: the session was kept');
    assert.match(back.body, /Alice Sales-Supervisor/);
  });

  for (const mode of ['refuse', 'blackhole'] as CutMode[]) {
    test(`ccpulse serve stops within seconds on SIGTERM while Redis is unreachable (${mode})`, async (t) => {
      if (!(await redisReachable())) return t.skip(`skipped: no Redis at ${REDIS_URL}`);
      const target = new URL(REDIS_URL);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
      cleanups.push(() => proxy.close());
      const port = await freePort();
      const emulator = await startEmulator({
        seed: 6,
        redirectUris: { genesys: [`http://127.0.0.1:${port}/callback/genesys`] },
      });
      cleanups.push(() => emulator.close());
      const run = runCli(['serve', '--port', String(port)], {
        ...emulator.env(),
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        CCPULSE_REDIS_PREFIX: PREFIX,
        CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
        CCPULSE_DATA_DIR: tempDir('ccpulse-serve-outage-'),
      });
      cleanups.push(async () => {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      });
      const [, url = ''] = await run.waitFor(/Dashboard: (\S+)/);
      const tab = new BrowserTab(url);
      await signInTab(tab, 'alice', 'genesys');
      await proxy.cut(mode);
      assert.equal((await fetch(`${url}/healthz`)).status, 503);
      const at = Date.now();
      run.child.kill('SIGTERM');
      const { code } = await run.done;
      const ms = Date.now() - at;
      t.diagnostic(`serve, Redis ${mode}: exited ${code} ${ms} ms after SIGTERM`);
      assert.equal(code, 0, run.output());
      // Redis closes with QUIT only when it answers within 1 s; otherwise the connection is dropped.
      assert.ok(ms < 8000, `took ${ms} ms`);
    });
  }
});
