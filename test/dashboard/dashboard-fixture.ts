// A dashboard wired to a fresh emulator (both on loopback, ephemeral ports, one manual clock), and a
// minimal cookie-keeping HTTP client that behaves like a browser tab for the callback tests.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config/index.js';
import { createLogger, createManualClock, type ManualClock, silentLogger } from '../../src/core/index.js';
import { type DashboardDeps, type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { readEvents } from '../support/event-stream.js';
import { submitLoginForm } from '../support/login-form.js';

export interface Fixture {
  clock: ManualClock;
  emulator: RunningEmulator;
  dashboard: RunningDashboard;
  close(): Promise<void>;
}

/** 14:07 UTC on a weekday: the emulator's traffic has a morning of intervals and live conversations. */
export const FIXTURE_START = Date.UTC(2026, 2, 10, 14, 7, 30);

export async function startFixture(
  options: { emulator?: EmulatorOptions; deps?: Partial<DashboardDeps>; clock?: ManualClock } = {},
): Promise<Fixture> {
  const clock = options.clock ?? createManualClock(FIXTURE_START);
  const { emulator, dashboard } = await startWithEmulator(clock, options.emulator, (running, url) => ({
    orgs: parseConfig(running.env()).orgs,
    publicUrl: url,
    sessionKey: randomBytes(32),
    clock,
    logger: process.env.DASH_DEBUG ? createLogger({ level: 'debug' }) : silentLogger,
    // Every tab of a test signs in from 127.0.0.1: one client to the per-client limit on starting
    // sign-ins, which login-flood.test.ts tests at its defaults.
    loginRate: { burst: 10_000 },
    ...options.deps,
  }));
  return {
    clock,
    emulator,
    dashboard,
    close: async () => {
      await dashboard.close();
      await emulator.close();
    },
  };
}

/**
 * A dashboard and an emulator that knows its redirect URIs: the emulator starts once the dashboard
 * has its address (port 0), with the fixture's seed unless `emulatorOptions` says otherwise.
 */
export async function startWithEmulator(
  clock: ManualClock,
  emulatorOptions: Partial<EmulatorOptions> = {},
  deps: (emulator: RunningEmulator, url: string) => DashboardDeps,
): Promise<{ emulator: RunningEmulator; dashboard: RunningDashboard }> {
  let emulator: RunningEmulator | undefined;
  const dashboard = await startDashboard({
    port: 0,
    deps: async (url) => {
      emulator = await startEmulator({
        seed: 3,
        clock,
        redirectUris: { genesys: [`${url}/callback/genesys`], cxone: [`${url}/callback/cxone`] },
        ...emulatorOptions,
      });
      return deps(emulator, url);
    },
  });
  if (!emulator) throw new Error('the emulator did not start');
  return { emulator, dashboard };
}

/** Each of `paths` answers 200 while `vendorRequests()` stays put: a warm dashboard serves them from memory. */
export async function assertServedFromMemory(
  tab: BrowserTab,
  paths: readonly string[],
  vendorRequests: () => number,
): Promise<void> {
  const before = vendorRequests();
  for (const path of paths) assert.equal((await tab.get(path)).status, 200, path);
  assert.equal(vendorRequests() - before, 0, 'served from memory');
}

/** A fetch for the dashboard's OAuth calls that keeps every token the vendor sent, read off the wire. */
export function tokenTap(): { received: Set<string>; fetch: typeof fetch } {
  const received = new Set<string>();
  return {
    received,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.headers.get('content-type')?.includes('json')) {
        const body = (await response.clone().json()) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token'])
          if (typeof body[key] === 'string') received.add(body[key] as string);
      }
      return response;
    },
  };
}

export interface Exchange {
  url: string;
  status: number;
  headers: Headers;
  body: string;
  setCookies: string[];
}

/** Keeps cookies per name like a browser would for one origin, and records every exchange. */
export class BrowserTab {
  readonly cookies = new Map<string, string>();
  readonly exchanges: Exchange[] = [];
  constructor(readonly base: string) {}

  async request(pathOrUrl: string, init: RequestInit = {}): Promise<Exchange> {
    const url = new URL(pathOrUrl, this.base);
    const headers = new Headers(init.headers);
    if (url.origin === this.base && this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const exchange = {
      url: url.href,
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      setCookies,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  get(path: string): Promise<Exchange> {
    return this.request(path);
  }

  postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Exchange> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });
  }
}

/** The CSRF token in a page's sign-out form. */
export function csrfFrom(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no sign-out form on this page');
  return token;
}

/** A full sign-in in `tab` through the emulator's login page, as a seeded user (password `demo-<username>`). */
export async function signInTab(tab: BrowserTab, username: string, vendor: 'genesys' | 'cxone'): Promise<Exchange> {
  const start = await tab.get(`/login/${vendor}`);
  const authorize = start.headers.get('location');
  if (start.status !== 302 || !authorize) throw new Error(`/login/${vendor} answered ${start.status}`);
  const callback = await submitLoginForm(authorize, username, `demo-${username}`);
  const done = await tab.get(`${callback.pathname}${callback.search}`);
  if (done.status !== 200) throw new Error(`the ${vendor} callback answered ${done.status}`);
  return done;
}

interface EventStream {
  /** Every `view` event's data so far, parsed. */
  views: Record<string, unknown>[];
  /** The first view (from now on, or already received) that `match` accepts. */
  next(match: (view: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

/** Opens the dashboard's Server-Sent Events stream as the tab (its cookies) and parses `view` events. */
export async function openEvents(tab: BrowserTab, path = '/api/dashboard/events'): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(new URL(path, tab.base), {
    headers: { cookie: [...tab.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`the event stream answered ${response.status}`);
  const views: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  void readEvents(response.body, (event, data) => {
    if (event === 'view') views.push(JSON.parse(data) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  return {
    views,
    async next(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = views.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error('no matching view in time');
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    close: () => controller.abort(),
  };
}
