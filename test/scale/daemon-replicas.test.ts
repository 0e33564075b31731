// Three `ccpulse daemon` processes against one emulator, one PostgreSQL and one Redis: together they
// produce exactly what one process does, with one token per vendor and no 429, even when one of them
// is killed mid-run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EmulatedVendor } from '../../src/emulator/index.js';
import { PG_URL } from '../store/test-sinks.js';
import { daemonServices } from '../support/daemon-services.js';
import { type CliRun, runCli } from '../support/run-cli.js';
import { assertSettledAlike, dataTables } from '../sync/sync-fixture.js';
import { REDIS_URL, TOKEN_KEY_HEX } from './redis-support.js';

// The emulator is frozen at a whole hour at least an hour ago: runs at different moments read the
// same data (the windows a later run adds lie after the frozen moment and are empty).
const HOUR = 3600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const FROM = new Date(NOW - 48 * HOUR).toISOString();
const services = daemonServices({ seed: 31, now: NOW, conversationsPerDay: 1500 });

const databaseUrl = (schema: string) => `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

function daemon(schema: string, shared: boolean): CliRun {
  const run = runCli(['daemon', '--from', FROM, '--metrics-port', '0', '--lease-seconds', '3'], {
    ...services.emulator.env(),
    DATABASE_URL: databaseUrl(schema),
    ...(shared ? { REDIS_URL, CCPULSE_REDIS_PREFIX: services.redisPrefix, CCPULSE_TOKEN_KEY: TOKEN_KEY_HEX } : {}),
    CCPULSE_LOG_LEVEL: 'info',
  });
  services.started.push(run);
  return run;
}

/** Waits until every stream of the schema has completed a run (the lease table says when each is next due). */
async function waitForFirstCycle(schema: string, runs: CliRun[]): Promise<void> {
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    const { rows } = await services.admin
      .query(
        `SELECT count(*)::int AS done, (SELECT count(*)::int FROM ${schema}.ccpulse_stream_leases) AS total
           FROM ${schema}.ccpulse_stream_leases WHERE holder IS NULL AND next_run_at > $1`,
        [Date.now() + 60_000],
      )
      .catch(() => ({ rows: [{ done: 0, total: -1 }] }));
    if (rows[0].total > 0 && rows[0].done === rows[0].total) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the replicas did not finish a cycle:\n${runs.map((r) => r.output()).join('\n---\n')}`);
}

/** Waits until the emulator has issued a token for each vendor since `from`, and the issuers have stored them. */
async function tokensIssued(from: number, vendors: EmulatedVendor[]): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    const issued = new Set(
      services.emulator.context.stats.tokenRequests
        .slice(from)
        .filter((r) => r.ok)
        .map((r) => r.vendor),
    );
    if (vendors.every((v) => issued.has(v))) {
      // Storing a token set in Redis takes milliseconds after its answer.
      await new Promise((r) => setTimeout(r, 1000));
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no token for each of ${vendors.join(', ')} within 30 s`);
}

async function stop(runs: CliRun[]): Promise<void> {
  for (const run of runs) run.child.kill('SIGTERM');
  for (const run of runs) {
    const { code } = await run.done;
    assert.ok(code === 0 || code === null, run.output());
  }
}

describe('several daemon replicas', () => {
  test('3 replicas (one SIGKILLed mid-run) = 1 process, row for row; one token per vendor; no 429', async (t) => {
    if (services.skipWithout(t)) return;
    const schemas = {
      single: await services.newSchema('replicas_single'),
      three: await services.newSchema('replicas_three'),
    };
    const single = daemon(schemas.single, false);
    await waitForFirstCycle(schemas.single, [single]);
    await stop([single]);

    const tokensBefore = services.emulator.context.stats.tokenRequests.length;
    const requestsBefore = services.emulator.context.stats.apiRequests.length;
    const replicas = [daemon(schemas.three, true), daemon(schemas.three, true), daemon(schemas.three, true)];
    await Promise.all(replicas.map((r) => r.waitFor(/Health: /, 30_000)));
    // Kill one while it holds work: its leases expire after 3 s and the others resume from the checkpoints.
    // Not while a token request is on the way: a replica killed between the vendor's answer and storing
    // it in Redis loses that token, and another replica must ask again (a CI run saw exactly that).
    const victim = replicas[0] as CliRun;
    await victim.waitFor(/"msg":"stream synced"/, 30_000);
    await tokensIssued(tokensBefore, ['cxone', 'genesys']);
    victim.child.kill('SIGKILL');
    await waitForFirstCycle(schemas.three, replicas);
    await stop(replicas.slice(1));

    const survivors = replicas.slice(1).filter((r) => /"msg":"stream synced"/.test(r.output()));
    assert.equal(survivors.length, 2, 'both surviving replicas did work');
    const [expected, actual] = [await services.dumpOf(schemas.single), await services.dumpOf(schemas.three)];
    assert.ok(expected.conversations.length > 1000, `${expected.conversations.length} conversations`);
    assert.deepEqual(dataTables(actual), dataTables(expected));
    assertSettledAlike(actual, expected);

    const tokens = services.emulator.context.stats.tokenRequests.slice(tokensBefore).filter((r) => r.ok);
    assert.deepEqual(
      tokens.map((r) => r.vendor).sort(),
      ['cxone', 'genesys'],
      'one token per vendor for all three replicas (shared through Redis)',
    );
    const throttled = services.emulator.context.stats.apiRequests.slice(requestsBefore).filter((r) => r.status === 429);
    assert.equal(throttled.length, 0, 'the shared budget kept the three under the per-client limit');
  });
});
