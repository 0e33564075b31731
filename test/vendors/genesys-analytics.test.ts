import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TokenManager } from '../../src/auth/index.js';
import { findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock, Secret } from '../../src/core/index.js';
import { NO_FAULTS } from '../../src/emulator/faults.js';
import { type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';
import { type ApiClient, ForbiddenError } from '../../src/http/index.js';
import type { Conversation } from '../../src/model/index.js';
import {
  conversationDetailPages,
  DetailsJobFailedError,
  deleteDetailsJob,
  detailsJobPages,
  listAgents,
  listQueues,
  queryQueueIntervals,
  queueSnapshots,
  submitDetailsJob,
  waitForDetailsJob,
} from '../../src/vendors/genesys/index.js';
import { clientFor } from '../support/connect-client.js';
import { driveClock } from '../support/drive-clock.js';
import { signInAs } from '../support/login-form.js';

const NOW = Date.UTC(2026, 10, 20, 15);
const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = Date.UTC(2026, 10, 20);
const clock = createManualClock(NOW);
let emulator: RunningEmulator;
let genesys: GenesysConfig;

before(async () => {
  emulator = await startEmulator({ seed: 7, clock, conversationsPerDay: 1500 });
  genesys = findOrg(parseConfig(emulator.env()), 'genesys');
});
after(() => emulator.close());

async function allDetails(given?: ApiClient, queueIds?: string[], from = DAY_START): Promise<Conversation[]> {
  const client = given ?? (await clientFor(genesys, { clock }));
  const out: Conversation[] = [];
  for await (const page of conversationDetailPages(client, 'default', {
    from,
    to: DAY_END,
    clock,
    queueIds,
  }))
    out.push(...page);
  return out;
}

describe('Genesys analytics through the emulator', () => {
  test("a day's aggregates equal its details records, each figure on the day Genesys emits it", async () => {
    const client = await clientFor(genesys, { clock });
    const intervals = await queryQueueIntervals(client, 'default', {
      from: DAY_START,
      to: DAY_END,
      granularity: 'PT1H',
    });
    const details = await allDetails(client);
    assert.equal(details.length, new Set(details.map((c) => c.id)).size, 'no duplicates across pages');
    // Handle time counts when after-call work ends and an abandon when the caller hangs up, so the
    // day holds conversations started up to three days (the longest one) before it.
    const inDay = (ms: number | undefined) => ms !== undefined && ms >= DAY_START && ms < DAY_END;
    const recent = await allDetails(client, undefined, DAY_START - 3 * 86_400_000);
    const ending = recent.filter((c) => inDay(c.end));
    // Answered when the agent connects: the start of the agent's first interact segment.
    const connected = (c: Conversation) =>
      c.participants.find((p) => p.purpose === 'agent')?.segments.find((s) => s.type === 'interact')?.start;
    const offered = intervals.reduce((s, i) => s + i.offered, 0);
    const abandoned = intervals.reduce((s, i) => s + i.abandoned, 0);
    const handle = intervals.reduce((s, i) => s + i.handleMs, 0);
    assert.ok(offered > 1000, `offered ${offered}`);
    assert.equal(offered, details.length, 'offered on arrival');
    assert.equal(abandoned, ending.filter((c) => c.abandoned).length);
    assert.equal(
      handle,
      ending.reduce((s, c) => s + (c.handleMs ?? 0), 0),
    );
    for (const queue of emulator.org.queues) {
      const perQueue = intervals.filter((i) => i.queueId === queue.id).reduce((s, i) => s + i.answered, 0);
      assert.equal(
        perQueue,
        recent.filter((c) => c.queueIds[0] === queue.id && inDay(connected(c))).length,
        queue.name,
      );
    }
  });

  test('details map participants, segments and wrap-up codes into the model', async () => {
    const [first] = await allDetails(undefined, [emulator.org.queues[0]?.id ?? '']);
    assert.ok(first);
    assert.equal(first.queueIds[0], emulator.org.queues[0]?.id);
    assert.ok(first.participants.some((p) => p.purpose === 'customer'));
    if (first.answered) {
      const agent = first.participants.find((p) => p.purpose === 'agent');
      assert.ok(agent?.segments.some((s) => s.type === 'wrapup'));
    }
  });

  test('async details job: submit, poll, page by cursor, delete; FAILED and EXPIRED are typed errors', async () => {
    const client = await clientFor(genesys, { clock });
    const jobId = await submitDetailsJob(client, DAY_START, DAY_END);
    await driveClock(clock, waitForDetailsJob(client, jobId, { clock }));
    const fromJob: Conversation[] = [];
    for await (const page of detailsJobPages(client, 'default', jobId)) fromJob.push(...page);
    const fromQuery = await allDetails(client);
    assert.deepEqual(fromJob.map((c) => c.id).sort(), fromQuery.map((c) => c.id).sort());
    await deleteDetailsJob(client, jobId);

    emulator.context.faults.failNextJobs = 1;
    const failing = await submitDetailsJob(client, DAY_START, DAY_END);
    await assert.rejects(
      driveClock(clock, waitForDetailsJob(client, failing, { clock })),
      (e) => e instanceof DetailsJobFailedError && e.state === 'FAILED',
    );

    const expiring = await submitDetailsJob(client, DAY_START, DAY_END);
    await clock.advance(25 * 3600_000);
    await assert.rejects(
      waitForDetailsJob(client, expiring, { clock }),
      (e) => e instanceof DetailsJobFailedError && e.state === 'EXPIRED',
    );
    await clock.set(NOW);
  });

  test('queues, users and live observations', async () => {
    const client = await clientFor(genesys, { clock });
    const queues = await listQueues(client, 'default');
    assert.equal(queues.length, emulator.org.queues.length);
    const agents = await listAgents(client, 'default');
    assert.equal(agents.length, emulator.org.users.length);
    const snaps = await queueSnapshots(
      client,
      'default',
      queues.map((q) => q.id),
      { clock },
    );
    assert.equal(snaps.length, queues.length);
    assert.ok(snaps.every((s) => s.activeAgents > 0));
  });

  test('a client without the analytics role gets ForbiddenError naming the permission to add', async () => {
    const limited = seedClient(emulator.org, 'genesys', 'limited');
    const org: GenesysConfig = { ...genesys, clientId: limited.id, clientSecret: new Secret(limited.secret) };
    const error = await queryQueueIntervals(await clientFor(org, { clock }), 'default', {
      from: DAY_START,
      to: DAY_END,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ForbiddenError, String(error));
    assert.deepEqual(error.missingPermissions, ['analytics:conversationAggregate:view']);
    assert.equal(error.status, 403);
    assert.ok(error.correlationId);
  });

  test("a supervisor's own token sees only their queues", async () => {
    const tokens = await signInAs(genesys, 'alice', { clock });
    const session = new TokenManager({ key: 'alice', clock, obtain: async () => tokens });
    const api = await clientFor(genesys, { clock, tokens: session });
    const sales = new Set(
      emulator.org.queues.filter((q) => q.divisionId === emulator.org.divisions[1]?.id).map((q) => q.id),
    );
    const intervals = await queryQueueIntervals(api, 'default', { from: DAY_START, to: DAY_END });
    assert.ok(intervals.length > 0);
    assert.ok(intervals.every((i) => sales.has(i.queueId)));
    assert.deepEqual(new Set((await listQueues(api, 'default')).map((q) => q.id)), sales);
  });

  test('with 5 % of each fault (5xx, 429, slow, reset, malformed JSON, revoked token) the data is complete and correct', async () => {
    const expected = await allDetails();
    emulator.context.faults = {
      ...NO_FAULTS,
      serverErrorRate: 0.05,
      rateLimitRate: 0.05,
      slowRate: 0.05,
      slowMs: 20,
      resetRate: 0.05,
      malformedRate: 0.05,
      revokeRate: 0.05,
    };
    try {
      const client = await clientFor(genesys, { clock });
      const got = await driveClock(clock, allDetails(client));
      assert.deepEqual(
        got.map((c) => c.id),
        expected.map((c) => c.id),
      );
      assert.deepEqual(got, expected);
    } finally {
      emulator.context.faults = { ...NO_FAULTS };
    }
  });

  test("the budget keeps a 2,000-request run under the emulator's 300/min limit: 0 unplanned 429s", async () => {
    // connectOrg's default budget for a client-credentials token: 300/min.
    const client = await clientFor(genesys, { clock });
    const before = emulator.context.stats.apiRequests.length;
    let next = 0;
    const worker = async () => {
      while (next < 2000) {
        next++;
        await client.request({ method: 'GET', path: '/api/v2/routing/queues', query: { pageSize: 1 } });
      }
    };
    await driveClock(clock, Promise.all(Array.from({ length: 8 }, worker)));
    const requests = emulator.context.stats.apiRequests.slice(before);
    assert.equal(requests.length, 2000);
    assert.equal(requests.filter((r) => r.status === 429).length, 0);
  });
});
