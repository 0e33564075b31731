// The emulator's per-token rate limits and injected faults over real HTTP: inin-ratelimit-* headers on
// every answer, 429 + Retry-After past the limit, a fresh window on the clock; each fault type, the
// control route on both servers, seeded fault sequences, and data that a retry always gets right.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { NO_FAULTS, setFaults } from '../../src/emulator/faults.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { assertGenesysError, call, clientToken, userToken } from './genesys-api-wire.js';

const NOW = Date.UTC(2026, 10, 20, 15);
const DAY = '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z';
const REDIRECT = 'http://127.0.0.1:9/limits-test-callback';
const QUEUES = '/api/v2/routing/queues?pageSize=3';
const clock = createManualClock(NOW);
let limited: RunningEmulator;
let faulty: RunningEmulator;

before(async () => {
  [limited, faulty] = await Promise.all([
    startEmulator({
      seed: 31,
      clock,
      redirectUris: { genesys: [REDIRECT] },
      rateLimits: { clientPerMinute: 5, userPerMinute: 7 },
    }),
    startEmulator({ seed: 32, clock, conversationsPerDay: 800 }),
  ]);
});
after(() => Promise.all([limited.close(), faulty.close()]));

const limitHeaders = (res: { headers: Headers }) => ({
  count: Number(res.headers.get('inin-ratelimit-count')),
  allowed: Number(res.headers.get('inin-ratelimit-allowed')),
  reset: Number(res.headers.get('inin-ratelimit-reset')),
});

describe('rate limits (emulated Genesys)', () => {
  test('every API answer carries inin-ratelimit-* headers, success or error', async () => {
    const token = await clientToken(limited);
    const answers = [
      await call(limited.genesysUrl, token, 'GET', QUEUES),
      await call(limited.genesysUrl, token, 'POST', '/api/v2/analytics/conversations/details/query', { interval: 'x' }),
      await call(limited.genesysUrl, token, 'GET', '/api/v2/no/such/route'),
    ];
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 400, 404],
    );
    answers.forEach((a, i) => {
      const h = limitHeaders(a);
      assert.equal(h.count, i + 1);
      assert.equal(h.allowed, 5);
      // Whole seconds rounded past the window's end: 61 on a token's first request, as recorded.
      assert.ok(h.reset >= 1 && h.reset <= 61);
    });
  });

  test('past 5/min a client token gets 429 + Retry-After with the Genesys code; another token and the next minute are fine', async () => {
    const token = await clientToken(limited);
    for (let i = 1; i <= 5; i++) assert.equal((await call(limited.genesysUrl, token, 'GET', QUEUES)).status, 200);
    await clock.advance(20_000);
    const over = await call(limited.genesysUrl, token, 'GET', QUEUES);
    assertGenesysError(over, 429, 'too.many.requests.retry.after');
    // 40 s of the window left, reported rounded past its end.
    assert.equal(over.headers.get('retry-after'), '41');
    assert.deepEqual(limitHeaders(over), { count: 6, allowed: 5, reset: 41 });
    assert.match(String(over.body.message), /\[41\] seconds/);

    const other = await clientToken(limited);
    assert.equal((await call(limited.genesysUrl, other, 'GET', QUEUES)).status, 200, 'the limit is per token');

    await clock.advance(40_000);
    const again = await call(limited.genesysUrl, token, 'GET', QUEUES);
    assert.equal(again.status, 200);
    assert.equal(limitHeaders(again).count, 1);
  });

  test("a user's limit is per user per OAuth client: two tokens of one user share it, another user has their own", async () => {
    await clock.advance(60_000);
    const first = await userToken(limited, 'alice', REDIRECT);
    const second = await userToken(limited, 'alice', REDIRECT);
    const bob = await userToken(limited, 'bob', REDIRECT);
    for (let i = 0; i < 7; i++) {
      const res = await call(limited.genesysUrl, i % 2 ? second : first, 'GET', QUEUES);
      assert.equal(res.status, 200);
      assert.deepEqual([limitHeaders(res).count, limitHeaders(res).allowed], [i + 1, 7]);
    }
    assertGenesysError(await call(limited.genesysUrl, second, 'GET', QUEUES), 429, 'too.many.requests.retry.after');
    assert.equal((await call(limited.genesysUrl, bob, 'GET', QUEUES)).status, 200);
  });
});

describe('faults (emulated Genesys)', () => {
  const details = (token: string, pageNumber = 1) =>
    call(faulty.genesysUrl, token, 'POST', '/api/v2/analytics/conversations/details/query', {
      interval: DAY,
      paging: { pageSize: 50, pageNumber },
    });
  const setRemote = async (server: string, settings: object) => {
    const res = await call(server, undefined, 'POST', '/__emulator/faults?reset=true', settings);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  let baseline: Record<string, unknown>;

  before(async () => {
    baseline = (await details(await clientToken(faulty))).body;
    assert.ok((baseline.conversations as unknown[]).length === 50);
  });

  /** After each fault: with faults off, the same request answers exactly as before. */
  const assertRetryIsClean = async () => {
    await setRemote(faulty.genesysUrl, {});
    assert.deepEqual((await details(await clientToken(faulty))).body, baseline);
  };

  test('5xx: 503 with a Genesys body', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { serverErrorRate: 1 });
    const res = await details(token);
    assertGenesysError(res, 503, 'service.unavailable');
    assert.ok(limitHeaders(res).allowed > 0, 'rate-limit headers on a faulted answer too');
    await assertRetryIsClean();
  });

  test('429: Retry-After and too.many.requests.retry.after under the limit', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { rateLimitRate: 1 });
    const res = await details(token);
    assertGenesysError(res, 429, 'too.many.requests.retry.after');
    assert.equal(res.headers.get('retry-after'), '1');
    await assertRetryIsClean();
  });

  test('slow: the answer is right but late', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { slowRate: 1, slowMs: 150 });
    const started = performance.now();
    const res = await details(token);
    assert.ok(performance.now() - started >= 140, 'held back by slowMs');
    assert.deepEqual(res.body, baseline);
    await assertRetryIsClean();
  });

  test('connection reset: the socket is destroyed, no HTTP answer', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { resetRate: 1 });
    await assert.rejects(details(token), (e: unknown) => e instanceof TypeError);
    await assertRetryIsClean();
  });

  test('malformed JSON: a 200 whose body does not parse', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { malformedRate: 1 });
    const response = await fetch(`${faulty.genesysUrl}${QUEUES}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.throws(() => JSON.parse('') as unknown);
    await assert.rejects(response.json(), SyntaxError);
    await assertRetryIsClean();
  });

  test('token revoked mid-run: a token that has worked gets 401; a new token works', async () => {
    const token = await clientToken(faulty);
    await setRemote(faulty.genesysUrl, { revokeRate: 1 });
    assert.equal((await details(token)).status, 200, 'a fresh token is not revoked on its first call');
    assertGenesysError(await details(token), 401, 'bad.credentials');
    await setRemote(faulty.genesysUrl, {});
    assertGenesysError(await details(token), 401, 'bad.credentials');
    await assertRetryIsClean();
  });

  test('the control route is on both servers and shares one setting; bad settings are 400; setFaults in-process', async () => {
    const set = await setRemote(faulty.cxoneUrl, { serverErrorRate: 0.25, failNextJobs: 2 });
    assert.deepEqual(set, { ...NO_FAULTS, serverErrorRate: 0.25, failNextJobs: 2 });
    assert.deepEqual((await call(faulty.genesysUrl, undefined, 'GET', '/__emulator/faults')).body, set);
    const merged = await call(faulty.genesysUrl, undefined, 'POST', '/__emulator/faults', { slowMs: 5 });
    assert.deepEqual(merged.body, { ...set, slowMs: 5 }, 'without reset, changes merge');
    for (const bad of [{ serverErrorRate: 2 }, { failNextJobs: -1 }, { crashRate: 0.5 }, 'nonsense']) {
      const res = await call(faulty.genesysUrl, undefined, 'POST', '/__emulator/faults', bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    assert.deepEqual(setFaults(faulty.context, { malformedRate: 0.5 }, true), { ...NO_FAULTS, malformedRate: 0.5 });
    assert.deepEqual(faulty.context.faults, { ...NO_FAULTS, malformedRate: 0.5 });
    setFaults(faulty.context, {}, true);
  });

  test('fault sequences are seeded: the same seed and requests give the same faults', async () => {
    const run = async () => {
      const emulator = await startEmulator({ seed: 33, clock, faults: { serverErrorRate: 0.4, rateLimitRate: 0.2 } });
      try {
        const token = await clientToken(emulator);
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await call(emulator.genesysUrl, token, 'GET', QUEUES)).status);
        return statuses;
      } finally {
        await emulator.close();
      }
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.includes(200) && first.includes(503) && first.includes(429), first.join(','));
  });

  test('under every fault at 20 %, retrying each failed request yields every page exactly as without faults', async () => {
    const clean: unknown[] = [];
    let token = await clientToken(faulty);
    for (let page = 1; ; page++) {
      const res = await details(token, page);
      if (!res.body.conversations) break;
      clean.push(res.body);
    }
    await setRemote(faulty.genesysUrl, {
      serverErrorRate: 0.2,
      rateLimitRate: 0.2,
      resetRate: 0.2,
      malformedRate: 0.2,
      revokeRate: 0.2,
      slowRate: 0.2,
      slowMs: 5,
    });
    const faulted: unknown[] = [];
    let attempts = 0;
    try {
      for (let page = 1; page <= clean.length; page++) {
        for (;;) {
          attempts++;
          const response = await fetch(`${faulty.genesysUrl}/api/v2/analytics/conversations/details/query`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ interval: DAY, paging: { pageSize: 50, pageNumber: page } }),
          }).catch(() => undefined);
          if (!response) continue;
          if (response.status === 401) token = await clientToken(faulty);
          if (response.status !== 200) continue;
          const body = await response.json().catch(() => undefined);
          if (body === undefined) continue;
          faulted.push(body);
          break;
        }
      }
    } finally {
      await setRemote(faulty.genesysUrl, {});
    }
    assert.ok(attempts > clean.length, `faults happened (${attempts} attempts for ${clean.length} pages)`);
    assert.deepEqual(faulted, clean);
  });
});
