// The dashboard's page latency under load: the dashboard in this process, the emulated vendors in a
// child process (as the real ones are elsewhere: their work must not sit on the dashboard's event
// loop), 200 supervisors signed in for real (PKCE through the emulator's login page), then every
// session asks at once for the main page, then for the live-data JSON, for a few rounds; p50/p99 of
// each request's wall time, per vendor. The load generator shares the dashboard's process.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/index.js';
import { type Clock, systemClock } from '../src/core/index.js';
import { startDashboard } from '../src/dashboard/index.js';
import { type RouteMount, startEmulator } from '../src/emulator/index.js';
import type { Vendor } from '../src/model/index.js';
import { submitLoginForm } from '../test/support/login-form.js';

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface DashboardLatency {
  sessions: number;
  rounds: number;
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
        page: LatencyFigures;
        liveJson: LatencyFigures;
        /** Vendor API requests the emulator served per page load (what one refresh costs the vendor). */
        vendorRequestsPerPage: number;
        /** CPU time of this process (dashboard + load generator) per page load, ms: latency without the waiting. */
        cpuMsPerPage: number;
      }
    >
  >;
}

export interface DashboardLatencyOptions {
  sessions?: number;
  rounds?: number;
  vendors?: Vendor[];
  conversationsPerDay?: number;
}

/** Supervisors the sessions rotate through: two with three queues each, one admin with all six. */
const USERS = ['alice', 'bob', 'dana'];
/** 14:07 UTC on a weekday: a morning of half-hours behind every page, conversations under way. */
const AT = Date.UTC(2026, 2, 10, 14, 7, 30);

/** Real time shifted to start at `startAt`: every run reads the same day, and sleeps (backoff) really end. */
function shiftedClock(startAt: number): Clock {
  const offset = startAt - Date.now();
  return { now: () => Date.now() + offset, sleep: systemClock.sleep };
}

export async function measureDashboardLatency(options: DashboardLatencyOptions = {}): Promise<DashboardLatency> {
  const sessions = options.sessions ?? 200;
  const rounds = options.rounds ?? 3;
  const vendors = options.vendors ?? ['genesys', 'cxone'];
  const conversationsPerDay = options.conversationsPerDay ?? 6000;
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
      };
    },
  });
  if (!vendorProcess) throw new Error('the emulator did not start');
  const emu = vendorProcess;
  try {
    const result: DashboardLatency = {
      sessions,
      rounds,
      conversationsPerDay,
      at: new Date(AT).toISOString(),
      loginSeconds: 0,
      loadAverage: { before: Number(loadavg()[0]?.toFixed(2)), after: 0 },
      vendors: {},
    };
    for (const vendor of vendors) {
      const started = performance.now();
      const cookies = await inBatches(sessions, 20, (i) =>
        signIn(dashboard.url, vendor, USERS[i % USERS.length] as string),
      );
      result.loginSeconds += (performance.now() - started) / 1000;
      const load = (path: string) => Promise.all(cookies.map((cookie) => timedGet(dashboard.url, path, cookie)));
      // One unmeasured round: the day's traffic is generated on first read, and code warms up.
      await load('/');
      await load('/api/dashboard');
      const page: number[] = [];
      const apiBefore = await emu.apiRequests(vendor);
      const cpuBefore = process.cpuUsage();
      for (let r = 0; r < rounds; r++) page.push(...(await load('/')));
      const cpu = process.cpuUsage(cpuBefore);
      const vendorRequestsPerPage = ((await emu.apiRequests(vendor)) - apiBefore) / (rounds * sessions);
      const liveJson: number[] = [];
      for (let r = 0; r < rounds; r++) liveJson.push(...(await load('/api/dashboard')));
      result.vendors[vendor] = {
        page: figures(page),
        liveJson: figures(liveJson),
        vendorRequestsPerPage: Number(vendorRequestsPerPage.toFixed(1)),
        cpuMsPerPage: Number(((cpu.user + cpu.system) / 1000 / (rounds * sessions)).toFixed(2)),
      };
    }
    result.loginSeconds = Number(result.loginSeconds.toFixed(2));
    result.loadAverage.after = Number(loadavg()[0]?.toFixed(2));
    return result;
  } finally {
    await dashboard.close();
    emu.child.kill();
  }
}

interface VendorProcess {
  child: ChildProcess;
  /** The emulator's .env variables (secrets included: kept in memory, never printed). */
  env: Record<string, string>;
  /** API requests the emulator has answered so far for one vendor. */
  apiRequests(vendor: Vendor): Promise<number>;
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
  };
}

/** The emulators from a busy afternoon on, limits lifted, plus a route that counts their API requests. */
async function runVendorProcess(): Promise<void> {
  const url = process.env.BENCH_DASHBOARD_URL ?? '';
  const counter =
    (vendor: Vendor): RouteMount =>
    (app, ctx) =>
      app.get('/__bench/api-requests', (c) =>
        c.json({ count: ctx.stats.apiRequests.filter((r) => r.vendor === vendor).length }),
      );
  const emulator = await startEmulator({
    seed: 7,
    clock: shiftedClock(AT),
    conversationsPerDay: Number(process.env.BENCH_CONVERSATIONS),
    redirectUris: { genesys: [`${url}/callback/genesys`], cxone: [`${url}/callback/cxone`] },
    // The vendors' per-user allowances would turn 200 sessions of three people into 429s: this
    // measures the dashboard, so the limits are lifted.
    rateLimits: { userPerMinute: 1e9, clientPerMinute: 1e9 },
    tokenRequestsPerMinute: 1e9,
    mounts: { genesys: [counter('genesys')], cxone: [counter('cxone')] },
  });
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

/** Wall time of one signed-in GET, body read to the end; anything but a 200 stops the bench. */
async function timedGet(base: string, path: string, cookie: string): Promise<number> {
  const t = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie } });
  await response.arrayBuffer();
  const ms = performance.now() - t;
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status} under load`);
  return ms;
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
