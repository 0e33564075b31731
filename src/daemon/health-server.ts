// /healthz (JSON, 503 naming what is wrong: a dependency down, a stream not committing within its
// interval, or the daemon stopping) and /metrics (Prometheus text) on their own small server, so a
// scrape never waits behind a sync.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Daemon } from './run-daemon.js';

interface HealthServer {
  url: string;
  close(): Promise<void>;
}

function createHealthApp(daemon: Pick<Daemon, 'checkHealth' | 'metrics'>): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const health = await daemon.checkHealth();
    return c.json(health, health.status === 'degraded' || health.status === 'stopping' ? 503 : 200);
  });
  app.get('/metrics', async (c) => {
    const body = await daemon.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': daemon.metrics.registry.contentType });
  });
  app.notFound((c) => c.text('Not found: this server has /healthz and /metrics.\n', 404));
  return app;
}

export async function startHealthServer(
  daemon: Pick<Daemon, 'checkHealth' | 'metrics'>,
  options: { host: string; port: number },
): Promise<HealthServer> {
  const server = createAdaptorServer({ fetch: createHealthApp(daemon).fetch, overrideGlobalObjects: false });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
