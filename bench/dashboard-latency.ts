// The dashboard's latency under load: the dashboard in this process, the emulated vendors in a child
// process and the supervisors' side of every request (the load generator) in another — as the real
// vendors and browsers are elsewhere: neither's work may sit on the dashboard's event loop and count
// as its latency. 200 supervisors signed in for real (PKCE through the emulator's login page). Two
// load shapes, as supervisors arrive: every session at one instant (a few rounds), and the sessions
// spread evenly at random over 15 s; each for the main page and for the live-data JSON; p50/p99 of
// each request's wall time as the load generator sees it (request out to the body's last byte), per
// vendor, beside a bare hono page served by this same process under the same two shapes and read by
// the same load generator (the framework's floor on this machine, so the ratio is what ccpulse adds)
// — measured alongside: the instant rounds alternate with the bare page's, and the bare page's spread
// requests arrive in the same 15 s, so on a shared machine both meet the same load. CPU per read is
// the dashboard process's (the server's cost) and, apart, the load generator's. Then event-to-browser:
// with 20 of the sessions holding their Server-Sent Events streams (in the load generator), calls
// are injected into the emulator and the time until each stream shows the new waiting call is
// measured (Genesys pushes it; CXone has no push, so there it is bounded by the dashboard's poll of
// CXone's real-time reports). Until 2026-11-29 the load generator shared the dashboard's process;
// the README says what that changed. `npm run bench -- dashboard` runs this part alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { parseConfig } from '../src/config/index.js';
import { type Clock, systemClock } from '../src/core/index.js';
import { startDashboard } from '../src/dashboard/index.js';
import { type RouteMount, type RunningEmulator, seedUser, startEmulator } from '../src/emulator/index.js';
import type { Vendor } from '../src/model/index.js';
import { submitLoginForm } from '../test/support/login-form.js';
import { startClientProcess, type TimedRequests } from './dashboard-clients.js';

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The two arrival shapes: every session at one instant, and spread evenly at random over a span. */
export interface ShapeFigures {
  page: LatencyFigures;
  liveJson: LatencyFigures;
}

export interface DashboardLatency {
  sessions: number;
  /** Rounds of the all-at-once shape, and passes over SPREAD_MS of the spread shape. */
  rounds: number;
  spreadSeconds: number;
  /** The emulated day's volume and the moment the pages are read at (a busy afternoon). */
  conversationsPerDay: number;
  at: string;
  loginSeconds: number;
  /** 1-minute load average before and after: other work on the machine shows up in every latency. */
  loadAverage: { before: number; after: number };
  vendors: Partial<
    Record<
      Vendor,
      {
        instant: ShapeFigures;
        spread: ShapeFigures;
        /**
         * A bare hono page (a few hundred bytes of HTML) from this process under the same shapes, at
         * the same time as this vendor's figures; and its CPU per request, as cpuMsPerPage and
         * clientCpuMsPerPage.
         */
        barePage: { instant: LatencyFigures; spread: LatencyFigures; cpuMsPerPage: number; clientCpuMsPerPage: number };
        /** p99 of the dashboard's request over the bare page's p99, per shape. */
        p99RatioToBarePage: { instantPage: number; instantJson: number; spreadPage: number; spreadJson: number };
        /** Vendor API requests the emulator served per page load (what one refresh costs the vendor). */
        vendorRequestsPerPage: number;
        /** CPU time of the dashboard's process per page load (instant shape), ms: the server's cost without the waiting. */
        cpuMsPerPage: number;
        /** The same per live-data JSON read. */
        cpuMsPerJson: number;
        /** The load generator's CPU per page load and per JSON read (the browsers' side: not the dashboard's). */
        clientCpuMsPerPage: number;
        clientCpuMsPerJson: number;
        /**
         * Bytes sent, per supervisor (alice and bob: three queues; dana, the admin: six): the page and
         * the JSON; and on the timed event streams, the first view event and the mean of the later ones.
         */
        bytes: { page: Record<string, number>; json: Record<string, number>; firstEvent: number; laterEvent: number };
        /** From a call injected into the emulator to each open event stream showing it (ms). */
        eventToBrowser: LatencyFigures & { events: number; streams: number };
        /** What the event-to-browser figure waits on besides the dashboard: push, or the poll interval. */
        eventPath: string;
      }
    >
  >;
}

export interface DashboardLatencyOptions {
  sessions?: number;
  rounds?: number;
  vendors?: Vendor[];
  conversationsPerDay?: number;
  /** Calls injected for the event-to-browser figure. */
  events?: number;
  /**
   * Sessions whose event streams are timed (all sessions stay signed in and their feeds live): as
   * many as before the load generator had a process of its own, so the figure compares.
   */
  eventStreams?: number;
}

/** Supervisors the sessions rotate through: two with three queues each, one admin with all six. */
const USERS = ['alice', 'bob', 'dana'];
/** 14:07 UTC on a weekday: a morning of half-hours behind every page, conversations under way. */
const AT = Date.UTC(2026, 2, 10, 14, 7, 30);
/**
 * Unmeasured rounds of 200 before a vendor's (and the bare page's) measured ones. With one, the
 * vendor measured first paid for V8 still optimising the hot path: either vendor, measured first,
 * took about twice the CPU per page of the same vendor measured second (0.29 against 0.16 ms,
 * 2026-11-29); the figures are for a warm server, as one serving 200 supervisors is.
 */
const WARM_UP_ROUNDS = 5;
/** The spread shape's span: sessions arriving at random over 15 s. */
const SPREAD_MS = 15_000;
/** The dashboard's poll of CXone's real-time reports: its default, set here so the figure names it. */
const CXONE_POLL_MS = 3000;
/** The queue the event-to-browser calls are injected into: one that alice (and dana, the admin) supervise. */
const EVENT_USER = 'alice';

/** Real time shifted to start at `startAt`: every run reads the same day, and sleeps (backoff) really end. */
function shiftedClock(startAt: number): Clock {
  const offset = startAt - Date.now();
  return { now: () => Date.now() + offset, sleep: systemClock.sleep };
}

/** One progress line on stderr per stage (the bench's stdout is its JSON). */
function progress(started: number, stage: string): void {
  process.stderr.write(`dashboard bench ${((performance.now() - started) / 1000).toFixed(0)} s: ${stage}\n`);
}

export async function measureDashboardLatency(options: DashboardLatencyOptions = {}): Promise<DashboardLatency> {
  const benchStart = performance.now();
  const sessions = options.sessions ?? 200;
  const rounds = options.rounds ?? 3;
  const vendors = options.vendors ?? ['genesys', 'cxone'];
  const conversationsPerDay = options.conversationsPerDay ?? 6000;
  const events = options.events ?? 5;
  const eventStreams = options.eventStreams ?? 20;
  let vendorProcess: VendorProcess | undefined;
  const dashboard = await startDashboard({
    port: 0,
    deps: async (url) => {
      const started = await startVendorProcess(url, conversationsPerDay);
      vendorProcess = started;
      return {
        orgs: parseConfig(started.env).orgs,
        publicUrl: url,
        sessionKey: randomBytes(32),
        clock: shiftedClock(AT),
        // The simulated supervisors all sign in from this machine's one address.
        loginRate: { burst: sessions * vendors.length * 2 },
        live: { cxonePollMs: CXONE_POLL_MS },
      };
    },
  });
  if (!vendorProcess) throw new Error('the emulator did not start');
  const emu = vendorProcess;
  const bare = await startBarePage();
  const clients = await startClientProcess();
  progress(benchStart, 'dashboard and emulator up; bare page; load generator');
  try {
    const result: DashboardLatency = {
      sessions,
      rounds,
      spreadSeconds: SPREAD_MS / 1000,
      conversationsPerDay,
      at: new Date(AT).toISOString(),
      loginSeconds: 0,
      loadAverage: { before: Number(loadavg()[0]?.toFixed(2)), after: 0 },
      vendors: {},
    };
    const bareCookies = Array.from({ length: sessions }, () => '');
    const bareRound = () => clients.instant(bare.url, '/', bareCookies);
    // Unmeasured, as the dashboard's first rounds: connections opened, code warmed up.
    for (let r = 0; r < WARM_UP_ROUNDS; r++) await bareRound();
    for (const vendor of vendors) {
      progress(benchStart, `${vendor}: signing in ${sessions} sessions`);
      const started = performance.now();
      const users = Array.from({ length: sessions }, (_, i) => USERS[i % USERS.length] as string);
      const cookies = await inBatches(sessions, 20, (i) => signIn(dashboard.url, vendor, users[i] as string));
      result.loginSeconds += (performance.now() - started) / 1000;
      const all = (path: string) => clients.instant(dashboard.url, path, cookies);
      progress(benchStart, `${vendor}: all at once`);
      // Unmeasured rounds: the day's traffic is generated on first read, and code warms up.
      for (let r = 0; r < WARM_UP_ROUNDS; r++) {
        await all('/');
        await all('/api/dashboard');
      }
      const apiBefore = await emu.apiRequests(vendor);
      const page = await alternating(rounds, () => all('/'), bareRound);
      const vendorRequestsPerPage = ((await emu.apiRequests(vendor)) - apiBefore) / (rounds * sessions);
      const json = await alternating(rounds, () => all('/api/dashboard'), bareRound);
      const instant = { page: figures(page.ours.ms), liveJson: figures(json.ours.ms) };
      const sizes = async (path: string) =>
        Object.fromEntries(
          await Promise.all(
            USERS.map(async (u, i) => [u, await clients.bytes(dashboard.url, path, cookies[i] as string)]),
          ),
        ) as Record<string, number>;
      const bytes = { page: await sizes('/'), json: await sizes('/api/dashboard') };
      progress(benchStart, `${vendor}: spread over ${SPREAD_MS / 1000} s`);
      // The bare page's requests arrive in the same span, half a mean gap after the dashboard's. As many
      // passes as the instant shape has rounds: a p99 of one pass's 200 reads is its second-slowest
      // read, so one stray pause on either side decided the ratio.
      const spreadPasses = async (path: string) => {
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const [a, b] = await Promise.all([
            clients.spread(dashboard.url, path, cookies, SPREAD_MS),
            clients.spread(bare.url, '/', bareCookies, SPREAD_MS, 0.5),
          ]);
          ours.push(...a.ms);
          theirs.push(...b.ms);
        }
        return [{ ms: ours }, { ms: theirs }] as const;
      };
      const [spreadPage, barePage] = await spreadPasses('/');
      const [spreadJson, bareJson] = await spreadPasses('/api/dashboard');
      const spread = { page: figures(spreadPage.ms), liveJson: figures(spreadJson.ms) };
      const perRead = (ms: number, reads: number) => Number((ms / reads).toFixed(2));
      const bareFigures = {
        instant: figures([...page.bare.ms, ...json.bare.ms]),
        spread: figures([...barePage.ms, ...bareJson.ms]),
        cpuMsPerPage: perRead(page.bare.serverCpuMs + json.bare.serverCpuMs, 2 * rounds * sessions),
        clientCpuMsPerPage: perRead(page.bare.cpuMs + json.bare.cpuMs, 2 * rounds * sessions),
      };
      progress(benchStart, `${vendor}: event to browser`);
      const queue = await emu.queueOf(EVENT_USER);
      const {
        ms: eventMs,
        streams,
        eventBytes,
      } = await clients.events({
        base: dashboard.url,
        cookies: cookies.slice(0, eventStreams),
        // The same queue in the view: Genesys names it by its id, CXone by its skill's.
        shownAs: vendor === 'genesys' ? queue.queueId : String(queue.skillId),
        injectUrl: emu.injectUrl(queue.queueId),
        events,
        // Every stream settles before the next call, so each event is measured on its own.
        settleMs: vendor === 'genesys' ? 300 : CXONE_POLL_MS + 300,
      });
      const ratio = (a: LatencyFigures, b: LatencyFigures) => Number((a.p99Ms / b.p99Ms).toFixed(2));
      result.vendors[vendor] = {
        instant,
        spread,
        barePage: bareFigures,
        p99RatioToBarePage: {
          instantPage: ratio(instant.page, figures(page.bare.ms)),
          instantJson: ratio(instant.liveJson, figures(json.bare.ms)),
          spreadPage: ratio(spread.page, figures(barePage.ms)),
          spreadJson: ratio(spread.liveJson, figures(bareJson.ms)),
        },
        vendorRequestsPerPage: Number(vendorRequestsPerPage.toFixed(1)),
        cpuMsPerPage: perRead(page.ours.serverCpuMs, rounds * sessions),
        cpuMsPerJson: perRead(json.ours.serverCpuMs, rounds * sessions),
        clientCpuMsPerPage: perRead(page.ours.cpuMs, rounds * sessions),
        clientCpuMsPerJson: perRead(json.ours.cpuMs, rounds * sessions),
        eventToBrowser: { ...figures(eventMs), events, streams },
        bytes: { ...bytes, ...eventBytes },
        eventPath:
          vendor === 'genesys'
            ? 'Notifications API push (the emulator observes its traffic every 250 ms)'
            : `CXone real-time reports polled every ${CXONE_POLL_MS} ms`,
      };
    }
    result.loginSeconds = Number(result.loginSeconds.toFixed(2));
    result.loadAverage.after = Number(loadavg()[0]?.toFixed(2));
    return result;
  } finally {
    clients.close();
    await bare.close();
    await dashboard.close();
    emu.child.kill();
  }
}

type Measured = TimedRequests & { serverCpuMs: number };

/**
 * `rounds` of ours, each followed by one of the bare page's: the times of each, the load generator's
 * CPU (cpuMs) and this process's — the dashboard's or the bare page's server — (serverCpuMs).
 */
async function alternating(
  rounds: number,
  ours: () => Promise<TimedRequests>,
  bare: () => Promise<TimedRequests>,
): Promise<{ ours: Measured; bare: Measured }> {
  const out = {
    ours: { ms: [] as number[], cpuMs: 0, serverCpuMs: 0 },
    bare: { ms: [] as number[], cpuMs: 0, serverCpuMs: 0 },
  };
  const timed = async (round: () => Promise<TimedRequests>, into: Measured) => {
    const before = process.cpuUsage();
    const { ms, cpuMs } = await round();
    const cpu = process.cpuUsage(before);
    into.ms.push(...ms);
    into.cpuMs += cpuMs;
    into.serverCpuMs += (cpu.user + cpu.system) / 1000;
  };
  for (let r = 0; r < rounds; r++) {
    await timed(ours, out.ours);
    await timed(bare, out.bare);
  }
  return out;
}

/** A bare hono app in this (the dashboard's) process: the floor any hono page has on this machine. */
async function startBarePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono();
  const html = `<!doctype html><html><head><title>bare</title></head><body>${'<p>row</p>'.repeat(20)}</body></html>`;
  app.get('/', (c) => c.html(html));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    // As the dashboard's own server: serve() would otherwise swap the process's global Request and
    // Response for the adapter's lighter ones, and the dashboard, in this process, would be measured
    // on classes it never has in production.
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface VendorProcess {
  child: ChildProcess;
  /** The emulator's .env variables (secrets included: kept in memory, never printed). */
  env: Record<string, string>;
  /** API requests the emulator has answered so far for one vendor. */
  apiRequests(vendor: Vendor): Promise<number>;
  /** The first queue a seeded user supervises, and its CXone skill. */
  queueOf(username: string): Promise<{ queueId: string; skillId: number }>;
  /** Where a POST injects a call that starts waiting now (ten minutes of patience) into a queue. */
  injectUrl(queueId: string): string;
}

/** This file run as `node --import tsx bench/dashboard-latency.ts emulator`: the vendors' process. */
async function startVendorProcess(dashboardUrl: string, conversationsPerDay: number): Promise<VendorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'emulator'], {
    env: { ...process.env, BENCH_DASHBOARD_URL: dashboardUrl, BENCH_CONVERSATIONS: String(conversationsPerDay) },
    // stdin stays open as a lifeline: the child exits when this process goes, however it goes.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before it was ready`)));
  });
  const ready = JSON.parse(firstLine) as { env: Record<string, string>; genesysUrl: string; cxoneUrl: string };
  return {
    child,
    env: ready.env,
    apiRequests: async (vendor) => {
      const base = vendor === 'genesys' ? ready.genesysUrl : ready.cxoneUrl;
      return ((await (await fetch(`${base}/__bench/api-requests`)).json()) as { count: number }).count;
    },
    queueOf: async (username) =>
      (await (await fetch(`${ready.genesysUrl}/__bench/queue-of/${username}`)).json()) as {
        queueId: string;
        skillId: number;
      },
    injectUrl: (queueId) => `${ready.genesysUrl}/__bench/inject/${queueId}`,
  };
}

/**
 * The emulators from a busy afternoon on, limits lifted, plus bench routes: a count of their API
 * requests, a user's first queue, and a call injected into a queue (the event-to-browser figure).
 */
async function runVendorProcess(): Promise<void> {
  const url = process.env.BENCH_DASHBOARD_URL ?? '';
  let running: RunningEmulator | undefined;
  const counter =
    (vendor: Vendor): RouteMount =>
    (app, ctx) =>
      app.get('/__bench/api-requests', (c) =>
        c.json({ count: ctx.stats.apiRequests.filter((r) => r.vendor === vendor).length }),
      );
  const control: RouteMount = (app, ctx) => {
    app.get('/__bench/queue-of/:user', (c) => {
      const queueId = seedUser(ctx.org, c.req.param('user')).queueIds[0];
      return c.json({ queueId, skillId: ctx.org.queues.find((q) => q.id === queueId)?.skillId });
    });
    app.post('/__bench/inject/:queueId', (c) => {
      running?.injectConversation({ queueId: c.req.param('queueId'), waitMs: 10 * 60_000 });
      return c.body(null, running ? 204 : 503);
    });
  };
  const emulator = await startEmulator({
    seed: 7,
    clock: shiftedClock(AT),
    conversationsPerDay: Number(process.env.BENCH_CONVERSATIONS),
    redirectUris: { genesys: [`${url}/callback/genesys`], cxone: [`${url}/callback/cxone`] },
    // The vendors' per-user allowances would turn 200 sessions of three people into 429s: this
    // measures the dashboard, so the limits are lifted.
    rateLimits: { userPerMinute: 1e9, clientPerMinute: 1e9 },
    tokenRequestsPerMinute: 1e9,
    mounts: { genesys: [counter('genesys'), control], cxone: [counter('cxone')] },
  });
  running = emulator;
  process.stdin.on('end', () => process.exit(0)).resume();
  process.stdout.write(
    `${JSON.stringify({ env: emulator.env(), genesysUrl: emulator.genesysUrl, cxoneUrl: emulator.cxoneUrl })}\n`,
  );
}

/** A full sign-in as a browser would do it; returns the session cookie (`name=value`). */
async function signIn(base: string, vendor: Vendor, username: string): Promise<string> {
  const start = await fetch(`${base}/login/${vendor}`, { redirect: 'manual' });
  const authorize = start.headers.get('location');
  const loginCookie = cookiePair(start.headers.getSetCookie(), '__Host-ccpulse-login');
  if (start.status !== 302 || !authorize || !loginCookie) throw new Error(`/login/${vendor} answered ${start.status}`);
  const callback = await submitLoginForm(authorize, username, `demo-${username}`);
  const done = await fetch(`${base}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie: loginCookie },
  });
  await done.arrayBuffer();
  const session = cookiePair(done.headers.getSetCookie(), '__Host-ccpulse');
  if (done.status !== 200 || !session) throw new Error(`the ${vendor} sign-in of ${username} answered ${done.status}`);
  return session;
}

function cookiePair(setCookies: string[], name: string): string | undefined {
  return setCookies.map((line) => line.split(';')[0] ?? '').find((pair) => pair.startsWith(`${name}=`));
}

async function inBatches<T>(count: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => fn(i + j)))));
  return out;
}

function figures(ms: number[]): LatencyFigures {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (n: number) => Number(n.toFixed(1));
  return { samples: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(at(1)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'emulator')
  await runVendorProcess();
