import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import type { TokenProvider } from '../../src/auth/index.js';
import { createManualClock } from '../../src/core/index.js';
import {
  ApiError,
  ApiRateLimitedError,
  createApiClient,
  ForbiddenError,
  ForeignOriginError,
  fullJitterDelay,
  genesysListPages,
  RequestTimeoutError,
  TokenBucketBudget,
  UnauthorizedError,
} from '../../src/http/index.js';
import { driveClock, recordingClock } from '../support/drive-clock.js';
import { json, startTestServer, type TestServer } from '../support/test-server.js';

/** Hands out t1, t2, ... and counts what the pipeline asks of it. */
function countingTokens(): TokenProvider & { gets: number; invalidated: string[] } {
  let n = 1;
  const tokens = {
    gets: 0,
    invalidated: [] as string[],
    getToken: async () => {
      tokens.gets++;
      return `t${n}`;
    },
    invalidate: (t: string) => {
      tokens.invalidated.push(t);
      if (t === `t${n}`) n++;
    },
  };
  return tokens;
}

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function server(handler: Parameters<typeof startTestServer>[0]) {
  const s = await startTestServer(handler);
  servers.push(s);
  return s;
}

describe('api client', () => {
  test('401: invalidates the token and re-authenticates exactly once', async () => {
    const s = await server((req, res) =>
      req.headers.authorization === 'Bearer t1' ? json(res, 401, {}) : json(res, 200, { ok: true }),
    );
    const tokens = countingTokens();
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens });
    const { data } = await client.request({ method: 'GET', path: '/api/v2/x' });
    assert.deepEqual(data, { ok: true });
    assert.deepEqual(tokens.invalidated, ['t1']);
    assert.deepEqual(
      s.hits.map((h) => h.authorization),
      ['Bearer t1', 'Bearer t2'],
    );
  });

  test('a second 401 with the fresh token is UnauthorizedError, not a loop', async () => {
    const s = await server((_req, res) =>
      json(res, 401, { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 }),
    );
    const tokens = countingTokens();
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens });
    await assert.rejects(client.request({ method: 'GET', path: '/a' }), UnauthorizedError);
    assert.equal(s.hits.length, 2);
  });

  test('429 honours Retry-After in seconds and as an HTTP date (no real waiting)', async () => {
    const manual = createManualClock(Date.UTC(2026, 10, 1));
    const clock = recordingClock(manual);
    const retryDate = new Date(manual.now() + 12_000).toUTCString();
    const s = await server((_req, res, hit) => {
      if (hit === 1) return json(res, 429, { code: 'too.many.requests.retry.after' }, { 'retry-after': '7' });
      if (hit === 2) return json(res, 429, {}, { 'retry-after': retryDate });
      json(res, 200, { done: true });
    });
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens(), clock });
    const { data } = await driveClock(
      manual,
      client.request({ method: 'POST', path: '/q', body: {}, idempotent: false }),
    );
    assert.deepEqual(data, { done: true });
    assert.equal(clock.sleeps[0], 7000);
    assert.ok(Math.abs((clock.sleeps[1] ?? 0) - 5000) <= 1000, `HTTP-date wait ${clock.sleeps[1]}`);
  });

  test('429 without Retry-After backs off with full jitter under the cap, then gives up with RateLimited', async () => {
    const manual = createManualClock();
    const clock = recordingClock(manual);
    const s = await server((_req, res) => json(res, 429, {}));
    const client = createApiClient({
      vendor: 'genesys',
      baseUrl: s.url,
      tokens: countingTokens(),
      clock,
      random: () => 0.999,
      retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 4000 },
    });
    await assert.rejects(driveClock(manual, client.request({ method: 'GET', path: '/a' })), ApiRateLimitedError);
    assert.equal(s.hits.length, 5);
    assert.deepEqual(clock.sleeps, [999, 1998, 3996, 3996]);
    assert.equal(
      fullJitterDelay(10, 1000, 4000, () => 0),
      0,
    );
  });

  test('5xx, connection resets and malformed JSON are retried for reads, never for a non-idempotent POST', async () => {
    const manual = createManualClock();
    const s = await server((req, res, hit) => {
      if (hit === 1) return json(res, 503, { message: 'busy' });
      if (hit === 2) return req.socket.destroy();
      if (hit === 3) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"trunc');
      json(res, 200, { n: hit });
    });
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens(), clock: manual });
    const { data } = await driveClock(
      manual,
      client.request({ method: 'POST', path: '/analytics', body: {}, idempotent: true }),
    );
    assert.deepEqual(data, { n: 4 });

    const failing = await server((_req, res) => json(res, 502, { message: 'bad gateway' }));
    const post = createApiClient({ vendor: 'genesys', baseUrl: failing.url, tokens: countingTokens(), clock: manual });
    await assert.rejects(
      post.request({ method: 'POST', path: '/jobs', body: {} }),
      (e) => e instanceof ApiError && e.status === 502,
    );
    assert.equal(failing.hits.length, 1, 'a non-idempotent POST is sent once');
  });

  test('a slow response times out with RequestTimeoutError', async () => {
    const s = await server((_req, res) => setTimeout(() => json(res, 200, {}), 500));
    const client = createApiClient({
      vendor: 'genesys',
      baseUrl: s.url,
      tokens: countingTokens(),
      timeoutMs: 50,
      retry: { maxAttempts: 1 },
    });
    await assert.rejects(client.request({ method: 'GET', path: '/slow' }), RequestTimeoutError);
  });

  test('errors carry status, vendor code, correlation id and a hint; 403 names the missing permission', async () => {
    const s = await server((req, res) => {
      if (req.url?.startsWith('/bad')) {
        return json(
          res,
          400,
          { message: 'Invalid interval', code: 'bad.request', status: 400, contextId: 'ctx-1' },
          { 'inin-correlation-id': 'ctx-1' },
        );
      }
      json(res, 403, {
        message:
          'Unable to perform the requested action. You are missing the following permission(s): [analytics:conversationAggregate:view]',
        code: 'missing.permissions',
        status: 403,
        contextId: 'ctx-2',
      });
    });
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens() });
    const bad = await client
      .request({ method: 'GET', path: '/bad', query: { secretish: 'x' } })
      .catch((e: unknown) => e);
    assert.ok(bad instanceof ApiError);
    assert.equal(bad.status, 400);
    assert.equal(bad.vendorCode, 'bad.request');
    assert.equal(bad.correlationId, 'ctx-1');
    assert.ok(!bad.message.includes('secretish'), 'no query string in messages');
    assert.ok(bad.hint.length > 20);
    const forbidden = await client.request({ method: 'GET', path: '/forbidden' }).catch((e: unknown) => e);
    assert.ok(forbidden instanceof ForbiddenError);
    assert.deepEqual(forbidden.missingPermissions, ['analytics:conversationAggregate:view']);
    assert.match(forbidden.hint, /analytics:conversationAggregate:view/);
  });

  test('the bearer token is never sent to another origin (paging links)', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens() });
    await assert.rejects(
      client.request({ method: 'GET', path: 'http://127.0.0.2:1/api/v2/users?pageNumber=2' }),
      ForeignOriginError,
    );
    assert.equal(s.hits.length, 0);
  });

  test('the budget keeps 2,000 requests under a 300/min server limit: zero 429s', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 1));
    // The server counts per client in fixed 60 s windows, like the vendor.
    let windowStart = clock.now();
    let count = 0;
    let rejected = 0;
    const s = await server((_req, res) => {
      if (clock.now() - windowStart >= 60_000) {
        windowStart = clock.now();
        count = 0;
      }
      count++;
      if (count > 300) {
        rejected++;
        return json(res, 429, {}, { 'retry-after': String(Math.ceil((60_000 - (clock.now() - windowStart)) / 1000)) });
      }
      json(
        res,
        200,
        {},
        {
          'inin-ratelimit-allowed': '300',
          'inin-ratelimit-count': String(count),
          'inin-ratelimit-reset': String(Math.ceil((60_000 - (clock.now() - windowStart)) / 1000)),
        },
      );
    });
    const budget = new TokenBucketBudget({ perMinute: 300, clock });
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens(), clock, budget });
    const started = clock.now();
    let next = 0;
    const worker = async () => {
      while (next < 2000) {
        next++;
        await client.request({ method: 'GET', path: '/api/v2/analytics' });
      }
    };
    await driveClock(clock, Promise.all(Array.from({ length: 16 }, worker)));
    assert.equal(rejected, 0, 'no 429 from the server');
    assert.equal(s.hits.length, 2000);
    const minutes = (clock.now() - started) / 60_000;
    // Lower bound is 2000/300 = 6.67 min; the budget should not be much slower than that.
    assert.ok(minutes >= 6.5 && minutes < 8, `took ${minutes.toFixed(2)} simulated minutes`);
  });

  test('the budget adopts a lower allowance from inin-ratelimit headers and pauses at zero', async () => {
    const clock = createManualClock(0);
    const budget = new TokenBucketBudget({ perMinute: 300, clock });
    assert.equal(budget.available(), 30);
    budget.observe(
      new Headers({ 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': '296', 'inin-ratelimit-reset': '40' }),
    );
    assert.equal(budget.available(), 4);
    budget.observe(
      new Headers({ 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': '300', 'inin-ratelimit-reset': '40' }),
    );
    let acquired = false;
    const pending = budget.acquire().then(() => {
      acquired = true;
    });
    await clock.advance(39_000);
    assert.equal(acquired, false, 'paused until the server window resets');
    await clock.advance(1_000);
    await pending;
    assert.equal(acquired, true);
  });

  test('Genesys list paging follows pages to the end', async () => {
    const s = await server((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('pageNumber'));
      json(res, 200, {
        entities: page <= 3 ? [{ id: `q${page}a` }, { id: `q${page}b` }] : [],
        pageNumber: page,
        pageCount: 3,
        nextUri: page < 3 ? `/api/v2/routing/queues?pageNumber=${page + 1}` : undefined,
      });
    });
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: countingTokens() });
    const ids: string[] = [];
    for await (const page of genesysListPages(client, '/api/v2/routing/queues', z.object({ id: z.string() }), {
      pageSize: 2,
    })) {
      ids.push(...page.map((q) => q.id));
    }
    assert.deepEqual(ids, ['q1a', 'q1b', 'q2a', 'q2b', 'q3a', 'q3b']);
  });
});
