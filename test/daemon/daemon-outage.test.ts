// PostgreSQL and Redis cut mid-run behind a TCP proxy (issue #17 items 6 and 6b, and the
// infrastructure deliverable): a real `ccpulse daemon` process answers /healthz 503 naming the
// dependency while it is down, /metrics says the same, the daemon recovers by itself when it is back,
// and the database then equals an uninterrupted run; SIGTERM while either is unreachable ends the
// process within seconds, naming what it abandoned. Each test has its own PostgreSQL schema, Redis
// key prefix (only its keys are deleted after), ports and temp folders.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { REDIS_URL, TOKEN_KEY_HEX } from '../scale/redis-support.js';
import { PG_URL } from '../store/test-sinks.js';
import { daemonServices } from '../support/daemon-services.js';
import { type CliRun, runCli } from '../support/run-cli.js';
import { type CutMode, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { tempDir } from '../support/temp-dir.js';
import { assertSettledAlike, dataTables } from '../sync/sync-fixture.js';

const HOUR = 3600_000;
// Frozen a whole hour at least an hour ago: runs at different moments read the same data.
const NOW = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const FROM = new Date(NOW - 24 * HOUR).toISOString();
const KINDS = ['conversations', 'contacts', 'queue-intervals', 'skill-intervals', 'agent-intervals', 'directory'];
// Every stream every 3 s, so a run falls inside each outage.
const SCHEDULE = KINDS.map((k) => `${k}=3s`).join(',');
const pgTarget = new URL(PG_URL);
const redisTarget = new URL(REDIS_URL);

const services = daemonServices({ seed: 37, now: NOW, conversationsPerDay: 400 });
const proxies: TcpProxy[] = [];
after(async () => {
  for (const proxy of proxies) await proxy.close();
});

async function proxyTo(target: URL): Promise<TcpProxy> {
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  proxies.push(proxy);
  return proxy;
}

/** A daemon on PostgreSQL (schema) and Redis, each through its proxy when one is given. */
function daemon(schema: string, via: { pg?: TcpProxy; redis?: TcpProxy } = {}): CliRun {
  const pgUrl = new URL(PG_URL);
  if (via.pg) pgUrl.host = `127.0.0.1:${via.pg.port}`;
  pgUrl.searchParams.set('options', `-c search_path=${schema}`);
  const redisUrl = new URL(REDIS_URL);
  if (via.redis) redisUrl.host = `127.0.0.1:${via.redis.port}`;
  const run = runCli(
    ['daemon', '--from', FROM, '--metrics-port', '0', '--lease-seconds', '3', '--schedule', SCHEDULE],
    {
      ...services.emulator.env(),
      DATABASE_URL: pgUrl.href,
      REDIS_URL: redisUrl.href,
      CCPULSE_REDIS_PREFIX: services.redisPrefixOf(schema),
      CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX,
      CCPULSE_DATA_DIR: tempDir('ccpulse-outage-'),
      CCPULSE_LOG_LEVEL: 'info',
    },
  );
  services.started.push(run);
  return run;
}

interface Health {
  status: string;
  firstCycleDone: boolean;
  problems: string[];
  dependencies: { name: string; up: boolean; detail?: string }[];
  streams: { stream: string; lastSuccessAt?: number }[];
}

async function healthOf(url: string): Promise<{ code: number; body: Health }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { code: response.status, body: (await response.json()) as Health };
}

/** Polls /healthz until `ok` holds; fails with the last answer and the daemon's output. */
async function waitForHealth(
  run: CliRun,
  url: string,
  ok: (h: { code: number; body: Health }) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<{ code: number; body: Health }> {
  let last: { code: number; body: Health } | undefined;
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    last = await healthOf(url).catch((error: unknown) =>
      assert.fail(
        `/healthz did not answer (${String(error)}; exit ${run.child.exitCode} ${run.child.signalCode}); the daemon said:\n${run.output().slice(-4000)}`,
      ),
    );
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${what}: not reached; last /healthz ${JSON.stringify(last)}\n${run.output().slice(-3000)}`);
}

const healthUrl = async (run: CliRun) =>
  ((await run.waitFor(/Health: (\S+)/, 30_000)) as RegExpMatchArray)[1] as string;

/** Every stream has succeeded at or after `since` (epoch ms): the daemon is fully back. */
const allSucceededSince = (since: number) => (h: { code: number; body: Health }) =>
  h.code === 200 &&
  h.body.firstCycleDone &&
  h.body.streams.length > 0 &&
  h.body.streams.every((s) => (s.lastSuccessAt ?? 0) >= since);

async function stop(run: CliRun): Promise<{ code: number | null; ms: number }> {
  const at = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await run.done;
  return { code, ms: Date.now() - at };
}

const down = (h: { body: Health }, name: string) => h.body.dependencies.find((d) => d.name === name)?.up === false;

describe('daemon with PostgreSQL and Redis cut behind a proxy', () => {
  test('503 naming each dependency while it is down, recovery by itself, data equal to an uninterrupted run', async (t) => {
    if (services.skipWithout(t)) return;
    const cleanSchema = await services.newSchema('outage_clean');
    const clean = daemon(cleanSchema);
    const cleanUrl = await healthUrl(clean);
    await waitForHealth(clean, cleanUrl, allSucceededSince(0), 'the uninterrupted run finishing its first cycle');
    assert.equal((await stop(clean)).code, 0, clean.output());

    const schema = await services.newSchema('outage_cut');
    const pgProxy = await proxyTo(pgTarget);
    const redisProxy = await proxyTo(redisTarget);
    const run = daemon(schema, { pg: pgProxy, redis: redisProxy });
    const url = await healthUrl(run);
    // Mid-run: once the first batches have committed, with the backfill still going.
    await run.waitFor(/"msg":"stream synced"/, 60_000);

    const outages: { name: string; proxy: TcpProxy; mode: CutMode; metric: string }[] = [
      { name: 'PostgreSQL', proxy: pgProxy, mode: 'refuse', metric: 'PostgreSQL' },
      { name: 'Redis', proxy: redisProxy, mode: 'refuse', metric: 'Redis' },
      { name: 'PostgreSQL', proxy: pgProxy, mode: 'blackhole', metric: 'PostgreSQL' },
    ];
    for (const outage of outages) {
      const label = `${outage.name} (${outage.mode})`;
      const cutAt = Date.now();
      await outage.proxy.cut(outage.mode);
      const during = await waitForHealth(run, url, (h) => h.code === 503 && down(h, outage.name), `503 for ${label}`);
      t.diagnostic(`${label}: /healthz 503 after ${Date.now() - cutAt} ms: ${during.body.problems.join(' | ')}`);
      assert.equal(during.body.status, 'degraded');
      assert.ok(
        during.body.problems.some((p) => p.startsWith(`${outage.name} is down`)),
        JSON.stringify(during.body.problems),
      );
      const metrics = await (await fetch(url.replace('/healthz', '/metrics'))).text();
      assert.match(metrics, new RegExp(`ccpulse_dependency_up\\{dependency="${outage.metric}"\\} 0`));
      // Down for a few runs of every stream.
      await new Promise((r) => setTimeout(r, 6000));
      assert.equal((await healthOf(url)).code, 503, `still 503 during ${label}`);
      const restoredAt = Date.now();
      await outage.proxy.restore();
      await waitForHealth(run, url, allSucceededSince(restoredAt), `recovery from ${label}`);
      t.diagnostic(`${label}: every stream committed again ${Date.now() - restoredAt} ms after it came back`);
      const metricsAfter = await (await fetch(url.replace('/healthz', '/metrics'))).text();
      assert.match(metricsAfter, new RegExp(`ccpulse_dependency_up\\{dependency="${outage.metric}"\\} 1`));
      assert.match(metricsAfter, /ccpulse_stream_last_commit_age_seconds\{stream="genesys:default:conversations"\} \d/);
    }
    assert.match(run.output(), /scheduler unavailable/);
    assert.match(
      await (await fetch(url.replace('/healthz', '/metrics'))).text(),
      /ccpulse_scheduler_failures_total\{action="claim"\} [1-9]/,
    );
    assert.equal((await stop(run)).code, 0, run.output().slice(-3000));
    assert.doesNotMatch(run.output(), /unexpected failure/);

    const [expected, actual] = [await services.dumpOf(cleanSchema), await services.dumpOf(schema)];
    assert.ok(expected.conversations.length > 100, `${expected.conversations.length} conversations`);
    assert.deepEqual(dataTables(actual), dataTables(expected));
    assertSettledAlike(actual, expected);
  });

  for (const [name, mode] of [
    ['Redis', 'refuse'],
    ['Redis', 'blackhole'],
    ['PostgreSQL', 'refuse'],
    ['PostgreSQL', 'blackhole'],
  ] as const) {
    test(`SIGTERM while ${name} is unreachable (${mode}): exit 0 within a few seconds, saying what was abandoned`, async (t) => {
      if (services.skipWithout(t)) return;
      const schema = await services.newSchema(`outage_stop_${name === 'Redis' ? 'r' : 'p'}_${mode}`);
      const pgProxy = await proxyTo(pgTarget);
      const redisProxy = await proxyTo(redisTarget);
      const run = daemon(schema, { pg: pgProxy, redis: redisProxy });
      const url = await healthUrl(run);
      await run.waitFor(/"msg":"stream synced"/, 60_000);
      await (name === 'Redis' ? redisProxy : pgProxy).cut(mode);
      await waitForHealth(run, url, (h) => h.code === 503 && down(h, name), `503 for ${name}`);
      // Let the workers run into the outage (requests and writes waiting on it).
      await new Promise((r) => setTimeout(r, 3000));
      const { code, ms } = await stop(run);
      t.diagnostic(`${name} ${mode}: exited ${code} ${ms} ms after SIGTERM`);
      assert.equal(code, 0, run.output().slice(-3000));
      // 5 s for the batch in progress, 2 s for the connections, and the process's own start-up margin.
      assert.ok(ms < 9000, `took ${ms} ms to stop`);
      // Either the workers stopped in time, or a line names what was abandoned.
      const abandoned = /stop deadline reached; abandoned: ([^"(]*)/.exec(run.output())?.[1];
      if (abandoned) t.diagnostic(`abandoned: ${abandoned}`);
      else assert.match(run.output(), /daemon stopped/);
    });
  }
});
