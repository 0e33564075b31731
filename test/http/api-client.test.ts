import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import type { TokenProvider } from '../../src/auth/index.js';
import { createManualClock, fullJitterDelay } from '../../src/core/index.js';
import {
  ApiError,
  ApiRateLimitedError,
  createApiClient,
  ForbiddenError,
  ForeignOriginError,
  genesysListPages,
  RequestTimeoutError,
  UnauthorizedError,
  WindowBudget,
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

  test('a 401 for a token that had been working earns another re-auth: a concurrent request raced a revocation', async () => {
    const revoked = new Set<string>(['t1']);
    const s = await server((req, res) => {
      const token = (req.headers.authorization ?? '').replace('Bearer ', '');
      if (revoked.has(token)) return json(res, 401, {});
      json(res, 200, { token });
    });
    const base = countingTokens();
    let raced = false;
    // While this request re-authenticates, a concurrent one takes the new token (t2), has it accepted,
    // and then t2 is revoked too before this request's retry reaches the vendor with it.
    const tokens: TokenProvider = {
      getToken: async () => {
        const token = await base.getToken();
        if (token === 't2' && !raced) {
          raced = true;
          await client.request({ method: 'GET', path: '/concurrent' });
          revoked.add('t2');
        }
        return token;
      },
      invalidate: base.invalidate,
    };
    const client = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens });
    assert.deepEqual((await client.request({ method: 'GET', path: '/a' })).data, { token: 't3' });
    assert.deepEqual(
      s.hits.map((h) => `${h.path} ${h.authorization}`),
      ['/a Bearer t1', '/concurrent Bearer t2', '/a Bearer t2', '/a Bearer t3'],
    );
    // A token never accepted that is refused after a re-auth still ends the request (the client is refused).
    revoked.add('t3');
    revoked.add('t4');
    const fresh = createApiClient({ vendor: 'genesys', baseUrl: s.url, tokens: base });
    await assert.rejects(fresh.request({ method: 'GET', path: '/b' }), UnauthorizedError);
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

  test('an injected clock that jumps past the deadline while an answer is on its way does not time out the next attempt', async () => {
    // The dashboard's tests move a manual clock by minutes while a request is in flight; the deadline
    // is the network's (real time), so the 401's re-authenticated attempt still gets its full time.
    const clock = createManualClock();
    const s = await server((req, res) => {
      if (req.headers.authorization !== 'Bearer t1') return json(res, 200, { ok: true });
      void clock.advance(11 * 60_000).then(() => json(res, 401, {}));
    });
    const client = createApiClient({
      vendor: 'genesys',
      baseUrl: s.url,
      tokens: countingTokens(),
      clock,
      timeoutMs: 5000,
    });
    const { data } = await client.request({ method: 'GET', path: '/api/v2/x' });
    assert.deepEqual(data, { ok: true });
    assert.equal(s.hits.length, 2);
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

  test('the budget keeps 2,000 requests under a 300/min server limit: zero 429s, each window spent', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 1));
    // The server counts per client in fixed 60 s windows opened by a request, like the vendor.
    let windowStart = Number.NEGATIVE_INFINITY;
    let count = 0;
    let rejected = 0;
    const s = await server((_req, res) => {
      if (clock.now() - windowStart >= 60_000) {
        windowStart = clock.now();
        count = 0;
      }
      count++;
      const reset = String(Math.floor((windowStart + 60_000 - clock.now()) / 1000) + 1);
      if (count > 300) {
        rejected++;
        return json(res, 429, {}, { 'retry-after': reset });
      }
      json(
        res,
        200,
        {},
        { 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': String(count), 'inin-ratelimit-reset': reset },
      );
    });
    const budget = new WindowBudget({ perMinute: 300, clock });
    let out = 0;
    const counted: typeof fetch = async (...args) => {
      out++;
      try {
        return await fetch(...args);
      } finally {
        out--;
      }
    };
    const client = createApiClient({
      vendor: 'genesys',
      baseUrl: s.url,
      tokens: countingTokens(),
      clock,
      budget,
      fetch: counted,
    });
    const started = clock.now();
    let next = 0;
    const worker = async () => {
      while (next < 2000) {
        next++;
        await client.request({ method: 'GET', path: '/api/v2/analytics' });
      }
    };
    // Time moves only while no request is out: answers take no simulated time.
    let finished = false;
    const work = Promise.all(Array.from({ length: 16 }, worker)).finally(() => {
      finished = true;
    });
    while (!finished) {
      await new Promise((r) => setTimeout(r, 1));
      const due = clock.nextDeadline();
      if (due !== undefined && out === 0) await clock.advance(Math.max(0, due - clock.now()));
    }
    await work;
    assert.equal(rejected, 0, 'no 429 from the server');
    assert.equal(s.hits.length, 2000);
    // The vendor's rule: 300 at once, then 300 more as each minute ends: the 1,801st goes at 6:00.
    // Answers take no simulated time here, so nothing is lost to latency either.
    assert.equal(clock.now() - started, 6 * 60_000);
  });

  test('the budget adopts what inin-ratelimit headers say: a lower allowance, and a count it did not send', async () => {
    const clock = createManualClock(0);
    const budget = new WindowBudget({ perMinute: 300, clock });
    assert.equal(budget.available(), 300);
    const limited = (allowed: number, count: number, reset: number) =>
      new Headers({
        'inin-ratelimit-allowed': String(allowed),
        'inin-ratelimit-count': String(count),
        'inin-ratelimit-reset': String(reset),
      });
    // Someone else spent 296 of this token's 300: 4 are left until the server's window resets in 40 s.
    budget.observe(limited(300, 296, 40));
    assert.equal(budget.available(), 4);
    for (let i = 0; i < 4; i++) (await budget.acquire())();
    let acquired = false;
    const pending = budget.acquire().then(() => {
      acquired = true;
    });
    await clock.advance(39_999);
    assert.equal(acquired, false, 'waits for the server window to reset');
    await clock.advance(1);
    await pending;
    assert.equal(acquired, true);
    // A lower allowance (a recorded Genesys answer said 180) becomes the limit.
    budget.observe(limited(180, 5, 50));
    assert.equal(budget.available(), 180 - 5);
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
