// Serves the dashboard on @hono/node-server. It listens first, so port 0 works: the dependencies may
// be built from the URL it got (the redirect URIs contain the port).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createDashboardApp } from './create-dashboard-app.js';
import type { DashboardDeps, DashboardEnv } from './dashboard-runtime.js';

interface StartDashboardOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Everything but the public URL, or a function of the URL the server listens on. */
  deps:
    | (Omit<DashboardDeps, 'publicUrl'> & { publicUrl?: string })
    | ((listenUrl: string) => DashboardDeps | Promise<DashboardDeps>);
}

export interface RunningDashboard {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Where browsers reach it (the redirect URIs' base). */
  publicUrl: string;
  app: Hono<DashboardEnv>;
  close(): Promise<void>;
}

export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  let app: Hono<DashboardEnv> | undefined;
  let closeApp: () => Promise<void> = async () => undefined;
  const server = createAdaptorServer({
    overrideGlobalObjects: false,
    // The node bindings (incoming request, socket) reach the app as its env: per-client limits read the peer address.
    fetch: (request: Request, env: unknown) =>
      app ? app.fetch(request, env) : new Response('starting', { status: 503 }),
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const close = async () => {
    await closeApp();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const deps =
      typeof options.deps === 'function'
        ? await options.deps(url)
        : { ...options.deps, publicUrl: options.deps.publicUrl ?? url };
    const created = createDashboardApp(deps);
    app = created.app;
    closeApp = created.close;
    return { url, publicUrl: new URL(deps.publicUrl).origin, app, close };
  } catch (error) {
    await close();
    throw error;
  }
}
