// Genesys details pages decoded on a worker thread (details-decode-worker.ts): parsing, validating and
// mapping a bulk of pages took most of the sync thread's time, time in which it could not write. A
// page goes over as its bytes (moved, not copied) and comes back as table rows, the cheapest form to
// receive (a third of the time of Conversation records). The worker starts with the first page
// (never at `ccpulse --help`) — pages that come before it is up are decoded in this thread — holds
// the process open only while a page is out, and ends with close(). One worker: on 2 cores the other
// one is the writer's.
//
// The sync sends it the async jobs' result pages (1,000 conversations each: history, in bulk), and
// writes a page only once the next one is with the worker (working()): a write blocks this thread,
// and a page whose body had not reached the worker by then waited for the write to end, then for its
// decoding — the two took turns instead of overlapping. The details query's pages of 100 stay in the
// sync's thread: for a 1-day backfill (66 of them, the emulator on the same 2 cores) the worker cost
// more than it saved — 0.89 s against 0.73 s without it, 0.90 s of CPU against 0.65 s (medians of 6,
// near idle); already running, it took ~100 ms off the sync thread but nothing off the wall time.
import { Worker } from 'node:worker_threads';
import { CcpulseError } from '../core/index.js';
import type { Decoded } from '../http/index.js';
import { type ConversationRows, omitConversations } from '../store/index.js';
import type { DetailsPage, DetailsPageReader, DetailsPageRequest } from '../vendors/genesys/index.js';
import { rowsInThread } from './details-rows.js';
import { type PackedConversationRows, unpackConversationRows } from './packed-rows.js';

export interface DecodeRequest {
  id: number;
  body: Uint8Array;
  request: DetailsPageRequest;
}

/** The worker's answers: that it is ready (its modules loaded), then one per page. */
export type DecodeReply =
  | { ready: true }
  | { id: number; decoded: Decoded<DetailsPage<PackedConversationRows>> }
  | { id: number; thrown: Error };

export class DecodeWorkerError extends CcpulseError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'DECODE_WORKER_FAILED',
      `The thread that decodes Genesys details pages ${detail}`,
      'The pages it held are not written: the sync reads their window again on its next run, on a new thread. If it keeps happening, see the log for the process running short of memory.',
      options,
    );
  }
}

interface Pending {
  resolve(decoded: Decoded<DetailsPage<ConversationRows>>): void;
  reject(error: unknown): void;
}

interface Running {
  worker: Worker;
  ready: boolean;
  /** Settles when the worker is ready, or failed before it was. */
  started: Promise<void>;
}

export class DetailsDecoder implements DetailsPageReader<ConversationRows> {
  readonly #startWorker: () => Worker;
  #running: Running | undefined;
  /** Why no worker could start: it is not tried again, and pages are refused with this. */
  #broken: DecodeWorkerError | undefined;
  readonly #pending = new Map<number, Pending>();
  /** Waiting for a page to be sent to the worker (working()). */
  #waiting: (() => void)[] = [];
  #lastId = 0;
  #closed = false;

  readonly omit = omitConversations;

  /** `startWorker`: how the thread is started (tests give one that fails); default the decode worker. */
  constructor(options: { startWorker?: () => Worker } = {}) {
    this.#startWorker = options.startWorker ?? startWorker;
  }

  read(
    body: Buffer,
    request: DetailsPageRequest,
    signal?: AbortSignal,
  ): Promise<Decoded<DetailsPage<ConversationRows>>> {
    if (this.#closed) return Promise.reject(new DecodeWorkerError('was closed'));
    if (this.#broken) return Promise.reject(this.#broken);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const running = this.#run();
    // Pages that come before the worker is up are decoded here, the same way, rather than wait for it.
    if (!running.ready) return rowsInThread.read(body, request);
    const { worker } = running;
    const id = ++this.#lastId;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.#settle(id)?.reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.#pending.set(id, {
        resolve: (decoded) => {
          done();
          resolve(decoded);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      // Held open while a page is out: a process waiting for one must not exit under it.
      worker.ref();
      // The body is read only there: its memory moves with it when the Buffer owns all of it.
      const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const message: DecodeRequest = { id, body, request };
      worker.postMessage(message, owned ? [body.buffer as ArrayBuffer] : []);
      this.#wake();
    });
  }

  /** Resolves once the worker has a page in hand (at once when it has, or when it is closed). */
  working(): Promise<void> {
    if (this.#pending.size > 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Starts the worker now rather than with the first page; settles when it is ready, or rejects when it could not start. */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new DecodeWorkerError('was closed'));
    if (this.#broken) return Promise.reject(this.#broken);
    return this.#run().started;
  }

  /** Ends the worker; pages still out are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#running?.worker;
    this.#running = undefined;
    this.#failAll(new DecodeWorkerError('was closed'));
    this.#wake();
    await worker?.terminate();
  }

  #run(): Running {
    if (this.#running) return this.#running;
    const worker = this.#startWorker();
    worker.unref();
    let up = () => {};
    let failed = (_: DecodeWorkerError) => {};
    const started = new Promise<void>((resolve, reject) => {
      up = resolve;
      failed = reject;
    });
    // Nobody may be waiting for the start: its failure is told to the pages (and to start()'s callers).
    started.catch(() => undefined);
    const running: Running = { worker, ready: false, started };
    worker.on('message', (reply: DecodeReply) => {
      if ('ready' in reply) {
        running.ready = true;
        up();
        return;
      }
      const pending = this.#settle(reply.id);
      if (!pending) return;
      if ('thrown' in reply) pending.reject(reply.thrown);
      else if (!reply.decoded.ok) pending.resolve(reply.decoded);
      else {
        const { data } = reply.decoded;
        pending.resolve({ ok: true, data: { ...data, conversations: unpackConversationRows(data.conversations) } });
      }
    });
    const stopped = (detail: string, cause?: unknown) => {
      if (this.#running !== running) return;
      this.#running = undefined;
      const error = new DecodeWorkerError(detail, { cause });
      // One that never got ready would fail again (a broken install): refuse pages from now on. One
      // that stopped later is started anew by the next page; the pages it held fail, clearly, now.
      if (!running.ready) this.#broken = error;
      failed(error);
      this.#failAll(error);
    };
    worker.on('error', (error) => stopped(`failed: ${error.message}`, error));
    worker.on('exit', (code) => stopped(`exited (code ${code})`));
    this.#running = running;
    return running;
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#running?.worker.unref();
    return pending;
  }

  #wake() {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  #failAll(error: DecodeWorkerError) {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) pending.reject(error);
  }
}

function startWorker(): Worker {
  const here = import.meta.url;
  const entry = new URL(`./details-decode-worker${here.slice(here.lastIndexOf('.'))}`, here);
  if (entry.pathname.endsWith('.js')) return new Worker(entry);
  // TypeScript run through tsx (tests, bench): Node 20 does not give a worker the loader hooks of
  // `--import tsx` (nodejs/node#47747), so the worker registers tsx itself before loading the entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
    { eval: true },
  );
}
