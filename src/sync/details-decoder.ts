// Genesys details pages decoded on a worker thread (details-decode-worker.ts): parsing, validating and
// mapping pages took most of the sync thread's time, time in which it could not write. The worker
// starts with the sync or the first page (never at `ccpulse --help`), holds the process open only while a page is
// being decoded, and ends with close(). A page goes over as its bytes (moved, not copied) and comes
// back as table rows, the cheapest form to receive (a third of the time of Conversation records).
// One worker: on 2 cores the other one is the writer's.
import { Worker } from 'node:worker_threads';
import { CcpulseError } from '../core/index.js';
import type { Decoded } from '../http/index.js';
import { type ConversationRows, omitConversations } from '../store/index.js';
import type { DetailsPage, DetailsPageReader, DetailsPageRequest } from '../vendors/genesys/index.js';

export interface DecodeRequest {
  id: number;
  body: Uint8Array;
  request: DetailsPageRequest;
}

export type DecodeReply =
  | { id: number; decoded: Decoded<DetailsPage<ConversationRows>> }
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

export class DetailsDecoder implements DetailsPageReader<ConversationRows> {
  readonly #startWorker: () => Worker;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
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
    if (signal?.aborted) return Promise.reject(signal.reason);
    const worker = this.#started();
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
    });
  }

  /** Starts the worker now rather than with the first page: its start (~80 ms) then overlaps the first requests. */
  start(): void {
    if (!this.#closed) this.#started();
  }

  /** Ends the worker; pages still out are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new DecodeWorkerError('was closed'));
    await worker?.terminate();
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#startWorker();
    worker.unref();
    worker.on('message', (reply: DecodeReply) => {
      const pending = this.#settle(reply.id);
      if (!pending) return;
      if ('thrown' in reply) pending.reject(reply.thrown);
      else pending.resolve(reply.decoded);
    });
    const stopped = (detail: string, cause?: unknown) => {
      if (this.#worker !== worker) return;
      // The next page starts a new worker; the pages out with this one fail, clearly, now.
      this.#worker = undefined;
      this.#failAll(new DecodeWorkerError(detail, { cause }));
    };
    worker.on('error', (error) => stopped(`failed: ${error.message}`, error));
    worker.on('exit', (code) => stopped(`exited (code ${code})`));
    this.#worker = worker;
    return worker;
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return pending;
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
