// The dashboard bench's supervisors — their browsers' side of every request — in a process of their
// own, as real browsers are on other machines: reading 200 pages at once costs CPU that must not sit
// on the dashboard's event loop and count as its latency. The bench (dashboard-latency.ts) sends this
// process what to request over IPC; it answers with each request's wall time, from the request
// leaving to the last byte of the body, and the CPU it used itself.
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, get } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readEvents } from '../test/support/event-stream.js';

/** Requests at one moment, or spread out; the wall time of each (ms) and this process's CPU meanwhile. */
export interface TimedRequests {
  ms: number[];
  cpuMs: number;
}

export interface EventTimes {
  /** From each injected call to each watching stream showing it (ms). */
  ms: number[];
  /** Streams that showed the queue (their supervisor sees it). */
  streams: number;
  /** Mean size of the first view event, and of the later ones (UTF-8 bytes). */
  eventBytes: { firstEvent: number; laterEvent: number };
}

type Request =
  | { op: 'instant'; base: string; path: string; cookies: string[] }
  | { op: 'spread'; base: string; path: string; cookies: string[]; spreadMs: number; phase: number }
  | { op: 'bytes'; base: string; path: string; cookie: string }
  | {
      op: 'events';
      base: string;
      cookies: string[];
      /** The queue as the view names it, and where to inject a call into it. */
      shownAs: string;
      injectUrl: string;
      events: number;
      /** Pause after each event, so each is measured on its own. */
      settleMs: number;
    };

type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

interface ClientProcess {
  /** Every cookie's GET at once. */
  instant(base: string, path: string, cookies: string[]): Promise<TimedRequests>;
  /** One GET per cookie, each at an even-random moment within `spreadMs` (see spreadOut). */
  spread(base: string, path: string, cookies: string[], spreadMs: number, phase?: number): Promise<TimedRequests>;
  /** The size of one signed-in GET's body. */
  bytes(base: string, path: string, cookie: string): Promise<number>;
  /** The given sessions hold their event streams while `events` calls are injected one by one. */
  events(request: Omit<Extract<Request, { op: 'events' }>, 'op'>): Promise<EventTimes>;
  close(): void;
}

export async function startClientProcess(): Promise<ClientProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['clients'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the client process exited (${code}) before it was ready`)));
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (answer: Answer) => {
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.ok) w?.resolve(answer.value);
    else w?.reject(new Error(answer.error));
  });
  const ask = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, request });
    });
  return {
    instant: (base, path, cookies) => ask({ op: 'instant', base, path, cookies }),
    spread: (base, path, cookies, spreadMs, phase = 0) => ask({ op: 'spread', base, path, cookies, spreadMs, phase }),
    bytes: (base, path, cookie) => ask({ op: 'bytes', base, path, cookie }),
    events: (request) => ask({ op: 'events', ...request }),
    close: () => child.kill(),
  };
}

async function serve(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'instant':
      return withCpu(() => Promise.all(request.cookies.map((c) => timedGet(request.base, request.path, c))));
    case 'spread':
      return withCpu(() =>
        spreadOut(
          request.cookies.length,
          request.spreadMs,
          (i) => timedGet(request.base, request.path, request.cookies[i] as string),
          request.phase,
        ),
      );
    case 'bytes': {
      const response = await fetch(`${request.base}${request.path}`, { headers: { cookie: request.cookie } });
      return (await response.arrayBuffer()).byteLength;
    }
    case 'events':
      return eventToBrowser(request);
  }
}

async function withCpu(run: () => Promise<number[]>): Promise<TimedRequests> {
  const before = process.cpuUsage();
  const ms = await run();
  const cpu = process.cpuUsage(before);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Connections kept open between requests, as a browser keeps its own. node:http rather than fetch:
 * this one process reads for 200 browsers at once, and fetch's own CPU per request (about 0.25 ms here)
 * queued the last responses of a round behind the first ones — latency of the load generator, not of
 * the page; the bare page is read the same way, so the ratio is unchanged in kind.
 */
const agent = new Agent({ keepAlive: true });

/** Wall time of one signed-in GET, body read to the end; anything but a 200 stops the bench. */
function timedGet(base: string, path: string, cookie: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const request = get(`${base}${path}`, { agent, headers: cookie ? { cookie } : {} }, (response) => {
      response.on('data', () => undefined);
      response.on('error', reject);
      response.on('end', () => {
        const ms = performance.now() - t;
        if (response.statusCode !== 200) reject(new Error(`GET ${path} answered ${response.statusCode} under load`));
        else resolve(ms);
      });
    });
    request.on('error', reject);
  });
}

/**
 * `count` requests, each started at an even-random moment within `spanMs` (arrivals as a
 * Poisson-like trickle); `phase` (0..1) shifts every moment by that share of the mean gap between
 * arrivals, so two such trickles can share a span without arriving in pairs.
 */
async function spreadOut(
  count: number,
  spanMs: number,
  request: (i: number) => Promise<number>,
  phase: number,
): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<number>((resolve, reject) => {
          // Evenly random but reproducible: a golden-ratio sequence over the span.
          const at = ((i * 0.6180339887 + phase / count) % 1) * spanMs;
          setTimeout(() => request(i).then(resolve, reject), at);
        }),
    ),
  );
}

/**
 * For every stream that shows the queue, the time from the injection request to the first view whose
 * waiting count went up.
 */
async function eventToBrowser(request: Extract<Request, { op: 'events' }>): Promise<EventTimes> {
  const streams = await Promise.all(request.cookies.map((cookie) => openStream(request.base, cookie, request.shownAs)));
  // Only the sessions whose supervisor sees that queue show it.
  const watching = streams.filter((s) => s.waiting() !== undefined);
  try {
    const ms: number[] = [];
    for (let k = 0; k < request.events; k++) {
      const before = watching.map((s) => s.waiting() ?? 0);
      const t = performance.now();
      const res = await fetch(request.injectUrl, { method: 'POST' });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`the emulator refused the injected call (${res.status})`);
      const seen = await Promise.all(watching.map((s, i) => s.until((n) => n > (before[i] ?? 0), 10_000)));
      for (const at of seen) if (at !== undefined) ms.push(at - t);
      await new Promise((r) => setTimeout(r, request.settleMs));
    }
    const mean = (list: number[]) => Math.round(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length));
    return {
      ms,
      streams: watching.length,
      eventBytes: {
        firstEvent: mean(watching.map((s) => s.eventBytes[0] ?? 0)),
        laterEvent: mean(watching.flatMap((s) => s.eventBytes.slice(1))),
      },
    };
  } finally {
    for (const s of streams) s.close();
  }
}

interface WatchedStream {
  /** The queue's waiting count in the latest view, undefined before one showed it. */
  waiting(): number | undefined;
  /** performance.now() when a view's waiting count first passes `test` (undefined after `timeoutMs`). */
  until(test: (waiting: number) => boolean, timeoutMs: number): Promise<number | undefined>;
  /** The size of each view event's data (UTF-8 bytes), in order. */
  eventBytes: number[];
  close(): void;
}

/** One session's Server-Sent Events stream, reduced to one queue's waiting count. */
async function openStream(base: string, cookie: string, queueId: string): Promise<WatchedStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/dashboard/events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`the event stream answered ${response.status}`);
  let waiting: number | undefined;
  const eventBytes: number[] = [];
  let waiters: { test: (n: number) => boolean; resolve: (at: number | undefined) => void }[] = [];
  let first: () => void = () => {};
  const ready = new Promise<void>((r) => {
    first = r;
  });
  void readEvents(response.body, (event, data) => {
    if (event !== 'view') return;
    eventBytes.push(Buffer.byteLength(data));
    const view = JSON.parse(data) as { queues?: { id: string; cells: { waiting?: string } }[] };
    const cell = view.queues?.find((q) => q.id === queueId)?.cells.waiting;
    const at = performance.now();
    waiting = cell === undefined ? undefined : Number(cell);
    first();
    if (waiting === undefined) return;
    const now = waiting;
    const due = waiters.filter((w) => w.test(now));
    waiters = waiters.filter((w) => !due.includes(w));
    for (const w of due) w.resolve(at);
  });
  await Promise.race([ready, new Promise((r) => setTimeout(r, 5000))]);
  return {
    waiting: () => waiting,
    eventBytes,
    until: (test, timeoutMs) =>
      new Promise((resolve) => {
        if (waiting !== undefined && test(waiting)) return resolve(performance.now());
        const w = { test, resolve };
        waiters.push(w);
        setTimeout(() => {
          waiters = waiters.filter((x) => x !== w);
          resolve(undefined);
        }, timeoutMs);
      }),
    close: () => controller.abort(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'clients') {
  process.on('message', ({ id, request }: { id: number; request: Request }) => {
    serve(request).then(
      (value) => process.send?.({ id, ok: true, value } satisfies Answer),
      (error: unknown) =>
        process.send?.({
          id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        } satisfies Answer),
    );
  });
  // The bench going, however it goes, ends this process too.
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}
