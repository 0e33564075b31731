// Starts the Genesys Cloud and CXone emulators on loopback (ephemeral ports by default) around one
// shared context, and says how to point ccpulse at them.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Clock, systemClock } from '../core/index.js';
import { createCxoneApp } from './cxone/cxone-app.js';
import type { EmulatorContext } from './emulator-context.js';
import { type FaultSettings, NO_FAULTS } from './faults.js';
import { createGenesysApp } from './genesys/genesys-app.js';
import { createNotificationHub, type NotificationHub, type NotificationSettings } from './genesys/notification-hub.js';
import { createRandom } from './random.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limit.js';
import type { RouteMount } from './route-mounts.js';
import { createSeedOrg, type SeedOrg, seedClient } from './seed-org.js';
import { createTraffic, type SimConversation } from './traffic/traffic.js';

export interface EmulatorOptions {
  seed?: number;
  host?: string;
  genesysPort?: number;
  cxonePort?: number;
  clock?: Clock;
  tokenLifetimeSeconds?: { genesys?: number; cxone?: number };
  codeLifetimeSeconds?: number;
  redirectUris?: { genesys?: string[]; cxone?: string[] };
  rotateRefreshTokens?: boolean;
  /** Synthetic traffic volume across all queues (default 2,000 conversations a day). */
  conversationsPerDay?: number;
  /** Injected faults at start; `context.faults` changes them while running. */
  faults?: Partial<FaultSettings>;
  /** Token requests per OAuth client per minute before 429 (default 600). */
  tokenRequestsPerMinute?: number;
  /** Per-token request limits (default Genesys's: 300/min client, 3,000/min user). */
  rateLimits?: Partial<RateLimitSettings>;
  /** Extra API routes. */
  mounts?: { genesys?: RouteMount[]; cxone?: RouteMount[] };
  /** Genesys notification service limits and timings (defaults: Genesys's; tests shorten the heartbeat). */
  notifications?: Partial<NotificationSettings>;
}

/** A conversation added to the traffic: it starts at `start` (default now) in `queueId`. */
export interface InjectedConversation {
  queueId: string;
  start?: number;
  /** Time in queue; answered after it when `agentId` is given, else abandoned after it. */
  waitMs: number;
  agentId?: string;
  talkMs?: number;
  acwMs?: number;
}

export interface RunningEmulator {
  context: EmulatorContext;
  org: SeedOrg;
  genesysUrl: string;
  cxoneUrl: string;
  /** .env variables that point ccpulse at this emulator (parseConfig accepts them as they are). */
  env(): Record<string, string>;
  /** The Genesys notification service: channels, and controls for sockets (closing notice, drops). */
  notifications: NotificationHub;
  /** Adds a conversation to the traffic every report and push reads; returns it. */
  injectConversation(spec: InjectedConversation): SimConversation;
  /** Every route each server answers (method and path pattern), e.g. for the SDK contract test. */
  routes: Record<'genesys' | 'cxone', { method: string; path: string }[]>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const org = createSeedOrg({ seed, redirectUris: options.redirectUris });
  const context: EmulatorContext = {
    org,
    clock: options.clock ?? systemClock,
    random: createRandom(seed).fork('emulator'),
    tokens: new Map(),
    stats: { tokenRequests: [], apiRequests: [] },
    traffic: createTraffic(org, { conversationsPerDay: options.conversationsPerDay }),
    faults: { ...NO_FAULTS, ...options.faults },
  };
  const common = {
    tokenRequestsPerMinute: options.tokenRequestsPerMinute ?? 600,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 300,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
  };

  let hub: NotificationHub | undefined;
  const apps: Partial<Record<'genesys' | 'cxone', Hono>> = {};
  const genesys = await listen(
    host,
    options.genesysPort ?? 0,
    context.clock,
    (url) => {
      hub = createNotificationHub(context, {
        socketBase: url.replace(/^http/, 'ws'),
        settings: options.notifications,
      });
      apps.genesys = createGenesysApp(context, {
        ...common,
        issuer: url,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds?.genesys ?? 86_400,
        rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
        mounts: options.mounts?.genesys ?? [],
        notifications: hub,
      });
      return apps.genesys;
    },
    (request, socket, head) => hub?.handleUpgrade(request, socket, head) ?? false,
  );
  const notifications = hub as NotificationHub;
  const cxone = await listen(host, options.cxonePort ?? 0, context.clock, (url) => {
    apps.cxone = createCxoneApp(context, {
      ...common,
      issuer: url,
      area: 'na1',
      tokenLifetimeSeconds: options.tokenLifetimeSeconds?.cxone ?? 3_600,
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
      mounts: options.mounts?.cxone ?? [],
    });
    return apps.cxone;
  }).catch(async (error: unknown) => {
    notifications.close();
    await genesys.close();
    throw error;
  });

  return {
    context,
    org,
    genesysUrl: genesys.url,
    cxoneUrl: cxone.url,
    env: () => emulatorEnv(org, genesys.url, cxone.url),
    notifications,
    injectConversation: (spec) => {
      const conversation = injectedConversation(org, spec, context.clock.now());
      context.traffic.inject(conversation);
      return conversation;
    },
    routes: { genesys: routesOf(apps.genesys), cxone: routesOf(apps.cxone) },
    close: async () => {
      notifications.close();
      await Promise.all([genesys.close(), cxone.close()]);
    },
  };
}

/** A Hono app's handlers (middleware registered for all methods left out), each method and path once. */
function routesOf(app: Hono | undefined): { method: string; path: string }[] {
  const seen = new Set<string>();
  return (app?.routes ?? [])
    .filter((r) => r.method !== 'ALL' && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

function emulatorEnv(org: SeedOrg, genesysUrl: string, cxoneUrl: string): Record<string, string> {
  const gDaemon = seedClient(org, 'genesys', 'daemon');
  const gWeb = seedClient(org, 'genesys', 'web');
  const cDaemon = seedClient(org, 'cxone', 'daemon');
  const cWeb = seedClient(org, 'cxone', 'web');
  const key = org.cxone.accessKeys[0];
  return {
    GENESYS_ORGANIZATION_ID: org.genesys.orgId,
    GENESYS_LOGIN_URL: genesysUrl,
    GENESYS_API_URL: genesysUrl,
    GENESYS_CLIENT_ID: gDaemon.id,
    GENESYS_CLIENT_SECRET: gDaemon.secret,
    GENESYS_AUTH_CODE_CLIENT_ID: gWeb.id,
    GENESYS_AUTH_CODE_CLIENT_SECRET: gWeb.secret,
    GENESYS_REDIRECT_URI: 'http://127.0.0.1:8765/callback',
    CXONE_ISSUER: cxoneUrl,
    CXONE_TENANT_ID: org.cxone.tenantId,
    CXONE_CLIENT_ID: cDaemon.id,
    CXONE_CLIENT_SECRET: cDaemon.secret,
    CXONE_AUTH_CODE_CLIENT_ID: cWeb.id,
    CXONE_AUTH_CODE_CLIENT_SECRET: cWeb.secret,
    ...(key ? { CXONE_ACCESS_KEY_ID: key.id, CXONE_ACCESS_KEY_SECRET: key.secret } : {}),
    CXONE_REDIRECT_URI: 'http://127.0.0.1:8765/callback',
  };
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

function injectedConversation(org: SeedOrg, spec: InjectedConversation, now: number): SimConversation {
  const queue = org.queues.find((q) => q.id === spec.queueId);
  if (!queue) throw new RangeError(`no seeded queue ${spec.queueId}`);
  const start = spec.start ?? now;
  const answered = spec.agentId !== undefined;
  const alertMs = answered ? 2_000 : 0;
  const talkMs = answered ? (spec.talkMs ?? 180_000) : 0;
  const acwMs = answered ? (spec.acwMs ?? 30_000) : 0;
  const end = start + spec.waitMs + alertMs + talkMs + acwMs;
  return {
    id: randomUUID(),
    queueId: queue.id,
    mediaType: queue.mediaType,
    start,
    waitMs: spec.waitMs,
    answered,
    agentId: spec.agentId,
    alertMs,
    talkMs,
    holdMs: 0,
    acwMs,
    transferred: false,
    end,
    wrapUpCode: answered ? 'Resolved' : undefined,
    wrapUpAt: end,
    ani: 'tel:+15550000000',
  };
}

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** Listens first, then builds the app: the app needs its own URL (the issuer) and the port may be 0. */
async function listen(
  host: string,
  port: number,
  clock: Clock,
  build: (url: string) => Hono,
  upgrade?: UpgradeHandler,
): Promise<Listening> {
  let app: Hono | undefined;
  const server = createAdaptorServer({
    // Keep the process's own fetch/Response classes: ccpulse code in the same process relies on them.
    overrideGlobalObjects: false,
    // The node bindings (incoming/outgoing) go through as `c.env`: the reset fault destroys the socket.
    fetch: async (request: Request, env: unknown) => {
      const response = app ? await app.fetch(request, env) : new Response('starting', { status: 503 });
      // The Date header tells the emulator's own time, as a vendor's tells theirs: a skewed clock shows.
      response.headers.set('date', new Date(clock.now()).toUTCString());
      return response;
    },
  }) as Server;
  // WebSocket upgrades (the notification channels) go to their handler; any other is refused.
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgrade?.(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  app = build(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
