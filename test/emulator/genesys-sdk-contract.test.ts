// Every answer the Genesys emulator gives is checked against the official SDK's model typings
// (purecloud-platform-client-v2's index.d.ts, read programmatically): each route's model comes from the
// SDK method that calls the same verb and path; an error body must be an ErrorBody. Required fields
// present, no field the model lacks, types, ISO-8601 date-times. And every route the emulator serves is
// exercised: a new route without a check here fails this test (issue #11 "contract test").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';
import { contractProblems, type GenesysSdk, loadGenesysSdk, operationFor } from '../support/genesys-sdk-models.js';
import { call, clientToken, userToken } from './genesys-api-wire.js';
import { basicAuth, postForm } from './oauth-wire.js';

const NOW = Date.UTC(2026, 10, 20, 15);
const DAY = 86_400_000;
const REDIRECT = 'http://127.0.0.1:8765/callback';
const clock = createManualClock(NOW);
let sdk: GenesysSdk;
let emulator: RunningEmulator;
let daemon: string;
let alice: string;

/** Routes checked, by "METHOD /path/:param" as the emulator registers them. */
const checked = new Set<string>();
/** Not SDK API routes: the OAuth login pages (HTML forms), and the emulator's own fault control. */
const NOT_SDK_ROUTES = new Set([
  'GET /oauth/authorize',
  'POST /oauth/authorize/login',
  'GET /__emulator/faults',
  'POST /__emulator/faults',
]);

before(async () => {
  sdk = loadGenesysSdk();
  emulator = await startEmulator({ seed: 31, clock, conversationsPerDay: 200 });
  daemon = await clientToken(emulator);
  alice = await userToken(emulator, 'alice', REDIRECT);
});
after(() => emulator.close());

const iso = (ms: number) => new Date(ms).toISOString();

/** Calls `route` (its `:params` filled from `params`) and checks the answer against the SDK. */
async function check(
  route: string,
  options: {
    token?: string | undefined;
    body?: unknown;
    params?: Record<string, string>;
    query?: string;
    status?: number;
  },
) {
  const [method = '', template = ''] = route.split(' ');
  const path = template.replace(/:(\w+)/g, (_, name: string) => options.params?.[name] ?? `missing-${name}`);
  const res = await call(emulator.genesysUrl, options.token, method, `${path}${options.query ?? ''}`, options.body);
  if (options.status !== undefined) assert.equal(res.status, options.status, `${route}: ${JSON.stringify(res.body)}`);
  const operation = operationFor(sdk, method, template);
  assert.ok(operation, `${route}: no SDK method calls ${method} ${template}`);
  if (res.status >= 400) {
    assert.deepEqual(contractProblems(sdk, 'ErrorBody', res.body), [], `${route} -> ${res.status}`);
  } else if (operation.returns) {
    assert.deepEqual(contractProblems(sdk, operation.returns, res.body), [], `${route} -> ${operation.returns}`);
  } else {
    assert.deepEqual(res.body, {}, `${route}: the SDK's ${operation.name} returns nothing`);
  }
  checked.add(route);
  // Hono serves HEAD through the GET route of the same path.
  if (method === 'HEAD') checked.add(`GET ${template}`);
  return res;
}

describe('the Genesys emulator against the SDK typings (purecloud-platform-client-v2)', () => {
  test('the SDK contract loads: models, API methods with their paths, the token fields ApiClient reads', () => {
    assert.ok(sdk.models.size > 1000, `${sdk.models.size} models`);
    assert.ok(sdk.operations.length > 1000, `${sdk.operations.length} operations`);
    assert.deepEqual([...sdk.tokenFields].sort(), ['access_token', 'expires_in', 'refresh_token']);
    // The checker itself: a missing required field, an unknown field, a wrong type and a bad date each fail.
    assert.deepEqual(contractProblems(sdk, 'User', { id: 'u', version: 1 }), []);
    assert.match(contractProblems(sdk, 'User', { id: 'u' }).join(), /version: required by User/);
    assert.match(contractProblems(sdk, 'User', { id: 'u', version: 1, shoeSize: 9 }).join(), /shoeSize: not a field/);
    assert.match(contractProblems(sdk, 'User', { id: 'u', version: '1' }).join(), /expected number/);
    assert.match(contractProblems(sdk, 'AsyncQueryStatus', { submissionDate: '2026-11-20 15:00' }).join(), /ISO-8601/);
  });

  test('OAuth: the token answers carry what the SDK reads (access_token, expires_in; refresh_token for a code)', async () => {
    const client = seedClient(emulator.org, 'genesys', 'daemon');
    const res = await postForm(
      `${emulator.genesysUrl}/oauth/token`,
      { grant_type: 'client_credentials' },
      basicAuth(client.id, client.secret),
    );
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.access_token, 'string');
    assert.equal(typeof res.body.expires_in, 'number');
    assert.equal(res.body.refresh_token, undefined, 'no refresh token for client credentials');
    checked.add('POST /oauth/token');
    // The code grant's answer (refresh_token included) is checked where userToken asserts it; here its shape:
    assert.equal(typeof alice, 'string');
  });

  test('identity: tokens/me, users/me (a user token; 400 for client credentials), DELETE tokens/me', async () => {
    await check('GET /api/v2/tokens/me', { token: daemon, status: 200 });
    await check('GET /api/v2/tokens/me', { token: alice, status: 200 });
    await check('GET /api/v2/users/me', { token: alice, status: 200 });
    await check('GET /api/v2/users/me', { token: daemon, status: 400 });
    await check('DELETE /api/v2/tokens/me', { token: await clientToken(emulator), status: 204 });
    await check('GET /api/v2/tokens/me', { token: undefined, status: 401 });
  });

  test('analytics: aggregates, details, observations, and a details job through its states to its results', async () => {
    const queueIds = emulator.org.queues.map((q) => q.id);
    const filter = { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) };
    const interval = `${iso(NOW - DAY)}/${iso(NOW - 3600_000)}`;
    await check('POST /api/v2/analytics/conversations/aggregates/query', {
      token: daemon,
      status: 200,
      body: {
        interval,
        granularity: 'PT30M',
        groupBy: ['queueId'],
        filter,
        metrics: ['nOffered', 'tAnswered', 'tAbandon', 'tTalk', 'tHeld', 'tAcw', 'tHandle', 'oServiceLevel'],
      },
    });
    await check('POST /api/v2/analytics/conversations/aggregates/query', {
      token: daemon,
      status: 200,
      body: { interval, groupBy: ['userId'], metrics: ['tTalk', 'tHandle'] },
    });
    await check('POST /api/v2/analytics/conversations/aggregates/query', {
      token: daemon,
      status: 400,
      body: { interval, metrics: ['nNotAMetric'] },
    });
    await check('POST /api/v2/analytics/conversations/details/query', {
      token: daemon,
      status: 200,
      body: { interval, order: 'asc', orderBy: 'conversationStart', paging: { pageSize: 100, pageNumber: 1 } },
    });
    await check('POST /api/v2/analytics/queues/observations/query', {
      token: daemon,
      status: 200,
      body: { filter, metrics: ['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oActiveUsers', 'oUserRoutingStatuses'] },
    });
    await check('POST /api/v2/analytics/queues/observations/query', {
      token: daemon,
      status: 200,
      body: { filter, metrics: ['oWaiting'], detailMetrics: ['oWaiting'] },
    });
    await check('GET /api/v2/analytics/conversations/details/jobs/availability', { token: daemon, status: 200 });
    const submitted = await check('POST /api/v2/analytics/conversations/details/jobs', {
      token: daemon,
      status: 202,
      body: { interval: `${iso(NOW - 3 * DAY)}/${iso(NOW - 2 * DAY)}`, order: 'asc', orderBy: 'conversationStart' },
    });
    const jobId = String(submitted.body.jobId);
    const job = { token: daemon, params: { jobId } };
    await check('GET /api/v2/analytics/conversations/details/jobs/:jobId', { ...job, status: 200 });
    await check('GET /api/v2/analytics/conversations/details/jobs/:jobId/results', { ...job, status: 400 });
    await clock.advance(5_000);
    try {
      const done = await check('GET /api/v2/analytics/conversations/details/jobs/:jobId', { ...job, status: 200 });
      assert.equal(done.body.state, 'FULFILLED');
      // A finished job says when it finished (item 9), after it was submitted.
      assert.ok(Date.parse(String(done.body.completionDate)) > Date.parse(String(done.body.submissionDate)));
      const pages = await check('GET /api/v2/analytics/conversations/details/jobs/:jobId/results', {
        ...job,
        status: 200,
        query: '?pageSize=50',
      });
      assert.ok(Array.isArray(pages.body.conversations));
      await check('DELETE /api/v2/analytics/conversations/details/jobs/:jobId', { ...job, status: 204 });
      await check('GET /api/v2/analytics/conversations/details/jobs/:jobId', { ...job, status: 404 });
    } finally {
      await clock.set(NOW);
    }
  });

  test('directory: queues, users and a queue’s members, paged', async () => {
    await check('GET /api/v2/routing/queues', { token: daemon, status: 200, query: '?pageSize=2&pageNumber=2' });
    await check('GET /api/v2/users', { token: daemon, status: 200, query: '?pageSize=100' });
    const queueId = emulator.org.queues[0]?.id ?? '';
    await check('GET /api/v2/routing/queues/:queueId/members', {
      token: daemon,
      status: 200,
      params: { queueId },
      query: '?expand=routingStatus,presence',
    });
    await check('GET /api/v2/routing/queues/:queueId/members', {
      token: daemon,
      status: 404,
      params: { queueId: '00000000-0000-4000-a000-000000000000' },
    });
    const limited = await clientToken(emulator, 'limited');
    await check('GET /api/v2/users', { token: limited, status: 403 });
  });

  test('notifications: a channel, its subscriptions replaced, extended, listed and cleared', async () => {
    const channel = await check('POST /api/v2/notifications/channels', { token: alice, status: 200 });
    const channelId = String(channel.body.id);
    await check('GET /api/v2/notifications/channels', { token: alice, status: 200 });
    await check('GET /api/v2/notifications/channels', {
      token: alice,
      status: 200,
      query: '?includechannels=oauthclient',
    });
    const mine = emulator.org.queues.find((q) => q.divisionId === emulator.org.divisions[1]?.id)?.id;
    const sub = { token: alice, params: { channelId } };
    await check('PUT /api/v2/notifications/channels/:channelId/subscriptions', {
      ...sub,
      status: 200,
      body: [{ id: `v2.analytics.queues.${mine}.observations` }],
    });
    await check('POST /api/v2/notifications/channels/:channelId/subscriptions', {
      ...sub,
      status: 200,
      body: [{ id: `v2.analytics.queues.${mine}.observations` }],
    });
    await check('GET /api/v2/notifications/channels/:channelId/subscriptions', { ...sub, status: 200 });
    await check('HEAD /api/v2/notifications/channels/:channelId', { ...sub, status: 200 });
    await check('DELETE /api/v2/notifications/channels/:channelId/subscriptions', { ...sub, status: 204 });
    await check('GET /api/v2/notifications/channels/:channelId/subscriptions', {
      token: alice,
      params: { channelId: 'no-such-channel' },
      status: 404,
    });
  });

  test('errors the pipeline produces are ErrorBody too: unknown route, rate limit, server error', async () => {
    const unknown = await call(emulator.genesysUrl, daemon, 'GET', '/api/v2/no/such/route');
    assert.equal(unknown.status, 404);
    assert.deepEqual(contractProblems(sdk, 'ErrorBody', unknown.body), []);
    // Genesys error bodies carry messageParams (item 9), {} when the message has none.
    assert.deepEqual(unknown.body.messageParams, {});
    for (const fault of [{ rateLimitRate: 1 }, { serverErrorRate: 1 }]) {
      Object.assign(emulator.context.faults, fault);
      try {
        const res = await call(emulator.genesysUrl, daemon, 'GET', '/api/v2/routing/queues');
        assert.ok(res.status === 429 || res.status === 503, String(res.status));
        assert.deepEqual(contractProblems(sdk, 'ErrorBody', res.body), []);
      } finally {
        Object.assign(emulator.context.faults, { rateLimitRate: 0, serverErrorRate: 0 });
      }
    }
  });

  test('every route the Genesys emulator serves was checked against the SDK', () => {
    const served = emulator.routes.genesys.map((r) => `${r.method} ${r.path}`);
    const unchecked = served.filter((r) => !checked.has(r) && !NOT_SDK_ROUTES.has(r));
    assert.deepEqual(unchecked, [], 'add a check for each new route');
    assert.ok(served.length >= 20, `${served.length} routes`);
  });
});
