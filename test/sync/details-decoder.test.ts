// The decode worker (src/sync/details-decoder.ts) against the sync's own thread: the same rows for
// every page, the same errors for every bad page, and a worker that is started when needed, refuses
// pages once closed, and turns a crash into a clear error instead of a hang.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CcpulseError } from '../../src/core/index.js';
import { conversationDetail } from '../../src/emulator/genesys/conversation-details.js';
import { createSeedOrg } from '../../src/emulator/index.js';
import { createTraffic } from '../../src/emulator/traffic/traffic.js';
import { createApiClient } from '../../src/http/index.js';
import { conversationRows, openSqliteSink } from '../../src/store/index.js';
import { DecodeWorkerError, DetailsDecoder, rowsInThread } from '../../src/sync/index.js';
import {
  conversationDetailPages,
  type DetailsPageRequest,
  detailsJobResultPages,
  detailsQueryPages,
  readDetailsPage,
} from '../../src/vendors/genesys/index.js';
import { dataTables, syncCycle, syncSuite } from './sync-fixture.js';

const DAY = 86_400_000;
const AVAILABLE = '"dataAvailabilityDate":"2026-10-02T00:00:00.000Z"';
const JOB: DetailsPageRequest = { shape: 'job', org: 'acme', pageSize: 1000 };

/** Job-result pages of the emulator's traffic, as the wire brings them. */
function jobPages(n: number, perPage: number): string[] {
  const org = createSeedOrg({ seed: 7 });
  const from = Date.UTC(2026, 9, 1);
  const list = createTraffic(org, { conversationsPerDay: 4000 }).conversationsStarting(from, from + DAY);
  const pages: string[] = [];
  for (let p = 0; p < n; p++) {
    const details = list.slice(p * perPage, (p + 1) * perPage).map((c) => conversationDetail(org, c));
    pages.push(`{"conversations":${JSON.stringify(details)},"cursor":"${p + 1}",${AVAILABLE}}`);
  }
  return pages;
}

/** An API client whose `fetch` answers each request with the next of these bodies. */
function clientAnswering(bodies: string[], contentType = 'application/json') {
  let next = 0;
  return createApiClient({
    vendor: 'genesys',
    baseUrl: 'https://api.test.invalid',
    tokens: { getToken: async () => 'token', invalidate: () => undefined },
    retry: { maxAttempts: 1 },
    fetch: async () =>
      new Response(bodies[next++] ?? `{"conversations":[],${AVAILABLE}}`, {
        headers: { 'content-type': contentType },
      }),
  });
}

const errorOf = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof CcpulseError, String(error));
    return { code: error.code, message: error.message, hint: error.hint, name: error.name };
  }
  assert.fail('expected an error');
};

const drain = async (pages: AsyncIterable<unknown>) => {
  for await (const _ of pages);
};

describe('the decode worker reads pages as the sync thread did', () => {
  test('the rows of every page equal those of its records read in this thread', async () => {
    const decoder = new DetailsDecoder();
    try {
      await decoder.start();
      for (const text of jobPages(4, 500)) {
        const here = readDetailsPage(Buffer.from(text), JOB);
        assert.ok(here.ok);
        const there = await decoder.read(Buffer.from(text), JOB);
        assert.ok(there.ok);
        assert.deepEqual(there.data.ids, here.data.ids);
        assert.equal(there.data.cursor, here.data.cursor);
        assert.deepEqual(there.data.conversations, conversationRows(here.data.conversations));
      }
    } finally {
      await decoder.close();
    }
  });

  test('a job read through the client and the worker yields the rows of the records it yields in this thread', async () => {
    const pages = jobPages(3, 200);
    pages[2] = pages[2]?.replace(/"cursor":"3",/, '') ?? '';
    const decoder = new DetailsDecoder();
    try {
      await decoder.start();
      const here = [];
      for await (const page of detailsJobResultPages(clientAnswering(pages), 'acme', 'job-1')) here.push(page);
      const there = [];
      for await (const page of detailsJobResultPages(clientAnswering(pages), 'acme', 'job-1', { reader: decoder }))
        there.push(page);
      assert.equal(there.length, 3);
      assert.deepEqual(
        there.map((p) => ({ ...p, conversations: p.conversations })),
        here.map((p) => ({ ...p, conversations: conversationRows(p.conversations) })),
      );
    } finally {
      await decoder.close();
    }
  });

  test('a conversation on two query pages is yielded once, as rows too', async () => {
    const [page] = jobPages(1, 3);
    const details = (JSON.parse(page ?? '') as { conversations: unknown[] }).conversations;
    const query = (list: unknown[]) => JSON.stringify({ conversations: list, totalHits: 3 });
    // Pages shift while data arrives: the second page repeats the first page's last conversation.
    const bodies = [query(details.slice(0, 2)), query(details.slice(1, 3)), query([])];
    const range = { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 9, 2), pageSize: 2 };
    const decoder = new DetailsDecoder();
    try {
      await decoder.start();
      const here = [];
      for await (const p of conversationDetailPages(clientAnswering(bodies), 'acme', range)) here.push(p);
      const there = [];
      for await (const p of detailsQueryPages(clientAnswering(bodies), 'acme', range, decoder)) there.push(p);
      assert.deepEqual(
        here.map((p) => p.length),
        [2, 1],
      );
      assert.deepEqual(
        there.map((p) => p.conversations),
        here.map((p) => conversationRows(p)),
      );
      assert.deepEqual(
        there.map((p) => p.ids),
        here.map((p) => p.map((c) => c.id)),
      );
    } finally {
      await decoder.close();
    }
  });

  test('a bad page gives the error it gives in this thread: code, message naming the request, hint', async () => {
    const [good] = jobPages(1, 3);
    const bad: Record<string, string> = {
      'not JSON': '{"conversations":[{"conversationId":',
      'a record without its id': `{"conversations":[{"conversationStart":"2026-10-01T00:00:00Z"}],${AVAILABLE}}`,
      'a wrong type': `{"conversations":"none",${AVAILABLE}}`,
      'no dataAvailabilityDate': '{"conversations":[]}',
      'more records than asked for': good ?? '',
      'a list, not an object': '[]',
    };
    const decoder = new DetailsDecoder();
    try {
      await decoder.start();
      for (const [what, body] of Object.entries(bad)) {
        const read = (reader?: DetailsDecoder) => () =>
          drain(
            reader
              ? detailsJobResultPages(clientAnswering([body]), 'acme', 'job-1', { pageSize: 2, reader })
              : detailsJobResultPages(clientAnswering([body]), 'acme', 'job-1', { pageSize: 2 }),
          );
        const here = await errorOf(read());
        assert.equal(here.code, 'RESPONSE_SHAPE', what);
        assert.match(here.message, /^GET \/api\/v2\/analytics\/conversations\/details\/jobs\/job-1\/results /, what);
        assert.deepEqual(await errorOf(read(decoder)), here, what);
      }
      // The content type is judged before any decoding, wherever it would run.
      const html = (reader?: DetailsDecoder) => () => {
        const client = clientAnswering([good ?? ''], 'text/html');
        return drain(
          reader
            ? detailsJobResultPages(client, 'acme', 'job-1', { reader })
            : detailsJobResultPages(client, 'acme', 'job-1'),
        );
      };
      assert.deepEqual(await errorOf(html(decoder)), await errorOf(html()));
    } finally {
      await decoder.close();
    }
  });
});

describe('a backfill through the decode worker', () => {
  const suite = syncSuite({ conversationsPerDay: 400 });

  test('stores the same rows as one read in the sync thread', async () => {
    const here = await openSqliteSink({ path: ':memory:' });
    try {
      await syncCycle(suite.env, here, {}, { jobPages: rowsInThread });
      await syncCycle(suite.env, suite.sink);
      const stored = dataTables(await suite.sink.dump());
      assert.ok(stored.conversations.length > 500, 'history through jobs and recent windows through the query');
      assert.deepEqual(stored, dataTables(await here.dump()));
    } finally {
      await here.close();
    }
  });
});

describe('the decode worker’s life', () => {
  const [page] = jobPages(1, 10);
  const body = () => Buffer.from(page ?? '');
  /** A worker that runs `code` on its first message: a crash of the kind the test needs. */
  const failing = (code: string) => () =>
    new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', () => { ${code} });
       parentPort.postMessage({ ready: true });`,
      { eval: true },
    );

  test('a worker that exits fails the pages it held with DECODE_WORKER_FAILED, not a hang', async () => {
    const decoder = new DetailsDecoder({ startWorker: failing('process.exit(7)') });
    try {
      await decoder.start();
      await assert.rejects(decoder.read(body(), JOB), (error: unknown) => {
        assert.ok(error instanceof DecodeWorkerError);
        assert.equal(error.code, 'DECODE_WORKER_FAILED');
        assert.match(error.message, /decodes Genesys details pages exited \(code 7\)/);
        return true;
      });
    } finally {
      await decoder.close();
    }
  });

  test('a worker that throws fails the page with its error', async () => {
    const decoder = new DetailsDecoder({ startWorker: failing("throw new Error('out of luck')") });
    try {
      await decoder.start();
      await assert.rejects(decoder.read(body(), JOB), /decodes Genesys details pages failed: out of luck/);
    } finally {
      await decoder.close();
    }
  });

  test('after a crash the next page starts a new worker', async () => {
    let starts = 0;
    const answering = () =>
      new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', ({ id }) => parentPort.postMessage({ id, decoded: { ok: false, invalid: 'second' } }));
         parentPort.postMessage({ ready: true });`,
        { eval: true },
      );
    const decoder = new DetailsDecoder({
      startWorker: () => (++starts === 1 ? failing('process.exit(1)')() : answering()),
    });
    try {
      await decoder.start();
      await assert.rejects(decoder.read(body(), JOB), DecodeWorkerError);
      await decoder.start();
      assert.deepEqual(await decoder.read(body(), JOB), { ok: false, invalid: 'second' });
      assert.equal(starts, 2);
    } finally {
      await decoder.close();
    }
  });

  test('a worker that cannot start: pages meanwhile are read here, then refused with the reason', async () => {
    const decoder = new DetailsDecoder({
      startWorker: () => new Worker("throw new Error('no tsx here')", { eval: true }),
    });
    try {
      const meanwhile = await decoder.read(body(), JOB);
      assert.deepEqual(meanwhile, await rowsInThread.read(body(), JOB));
      await assert.rejects(decoder.start(), /decodes Genesys details pages failed: no tsx here/);
      await assert.rejects(decoder.read(body(), JOB), (error: unknown) => {
        assert.ok(error instanceof DecodeWorkerError);
        assert.equal(error.code, 'DECODE_WORKER_FAILED');
        return true;
      });
    } finally {
      await decoder.close();
    }
  });

  test('close refuses the pages still out and every later one', async () => {
    const decoder = new DetailsDecoder({ startWorker: failing('') });
    await decoder.start();
    const out = assert.rejects(decoder.read(body(), JOB), /decodes Genesys details pages was closed/);
    await decoder.close();
    await out;
    await assert.rejects(decoder.read(body(), JOB), /was closed/);
  });

  test('an abort ends the wait for the page', async () => {
    const decoder = new DetailsDecoder({ startWorker: failing('') });
    try {
      await decoder.start();
      const abort = new AbortController();
      const out = decoder.read(body(), JOB, abort.signal);
      abort.abort(new Error('stopped'));
      await assert.rejects(out, /stopped/);
      await assert.rejects(decoder.read(body(), JOB, abort.signal), /stopped/);
    } finally {
      await decoder.close();
    }
  });
});
