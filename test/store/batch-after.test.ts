// Batch.after: a job's next page is handed to the sink while the one before is still being written
// (PostgreSQL works on both at once). It must commit only after that one has, and roll back when that
// one failed — a checkpoint committed ahead of the rows before it would skip them for good. Through
// writeJobPages too: a page that fails leaves the checkpoint where it was, whatever came after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Conversation } from '../../src/model/index.js';
import { type Checkpoint, conversationRows, type Sink } from '../../src/store/index.js';
import { writeJobPages } from '../../src/sync/write-pages.js';
import { conversations } from './sample-records.js';
import { type SinkKind, withDatabase } from './test-sinks.js';

const STREAM = 'genesys:acme:job';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Whether the promise is still pending after the writes in flight have had time to reach COMMIT. */
async function pendingAfterAWhile(promise: Promise<unknown>): Promise<boolean> {
  const still = Symbol('pending');
  const timer = new Promise((resolve) => setTimeout(() => resolve(still), 300));
  return (
    (await Promise.race([
      promise.then(
        () => undefined,
        () => undefined,
      ),
      timer,
    ])) === still
  );
}

for (const kind of ['sqlite', 'postgres'] as SinkKind[]) {
  test(`${kind}: a batch commits only once the one it comes after has, and rolls back when that one failed`, async (t) => {
    await withDatabase(t, kind, async (db) => {
      const sink = await db.open();
      const [first, second] = [conversations(4), conversations(8).slice(4)];

      const before = deferred();
      const waiting = sink.writeBatch({
        conversations: first,
        checkpoint: { stream: STREAM, value: 1 },
        after: before.promise,
      });
      assert.ok(await pendingAfterAWhile(waiting), 'the batch waits for the one before it');
      assert.equal(await sink.readCheckpoint(STREAM), undefined, 'nothing of it is visible meanwhile');
      before.resolve();
      await waiting;
      assert.equal(await sink.readCheckpoint(STREAM), 1);

      const failing = deferred();
      const refused = sink.writeBatch({
        conversations: second,
        checkpoint: { stream: STREAM, value: 2 },
        after: failing.promise,
      });
      failing.reject(new Error('the page before did not commit'));
      await assert.rejects(refused, (error: Error & { code?: string; cause?: unknown }) => {
        assert.equal(error.code, 'STORE_WRITE');
        assert.match(String((error.cause as Error).message), /did not commit/);
        return true;
      });
      assert.equal(await sink.readCheckpoint(STREAM), 1, 'the checkpoint stays before the failed batch');
      assert.equal((await sink.counts()).conversations, first.length, 'none of its rows are stored');
    });
  });

  test(`${kind}: writeJobPages — a page that fails leaves the checkpoint before it, whatever was handed on after it`, async (t) => {
    await withDatabase(t, kind, async (db) => {
      const sink: Sink = await db.open();
      const all = conversations(40);
      // Page 3 holds a start time that did not parse: the database refuses it (NaN).
      const pages: Conversation[][] = [0, 1, 2, 3, 4].map((p) => all.slice(p * 8, p * 8 + 8));
      pages[2] = pages[2]?.map((c, i) => (i === 7 ? { ...c, start: Number.NaN } : c)) ?? [];
      async function* source() {
        for (const [i, page] of pages.entries())
          yield { conversations: conversationRows(page), next: i < pages.length - 1 ? String(i + 1) : undefined };
      }
      const checkpointAfter = (next: string | undefined): Checkpoint => ({ stream: STREAM, value: next ?? 'done' });
      await assert.rejects(
        writeJobPages(sink, source(), checkpointAfter, () => undefined),
        { code: 'STORE_WRITE' },
      );
      assert.equal(await sink.readCheckpoint(STREAM), '2', 'resumes at the failed page');
      assert.equal((await sink.counts()).conversations, 16);
    });
  });
}
