// A TCP proxy in front of a real server (PostgreSQL, Redis) that a test can cut and restore while a
// process uses it through the proxy: `refuse` closes every open connection and refuses new ones (a
// server that went away), `blackhole` keeps accepting but forwards nothing in either direction (a
// network that silently drops packets). Restoring listens again on the same port.
import { connect, createServer, type Server, type Socket } from 'node:net';

export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let mode: CutMode | undefined;
  let accepted = 0;
  let server: Server | undefined;

  const onConnection = (client: Socket) => {
    accepted++;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    // Accepted but never answered: the other side waits until its own timeout.
    if (mode === 'blackhole') return;
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(at, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });
  const dropAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };

  const bound = await listen(port);
  return {
    port: bound,
    get accepted() {
      return accepted;
    },
    async cut(how = 'refuse') {
      mode = how;
      dropAll();
      if (how === 'refuse') await stopListening();
    },
    async restore() {
      const was = mode;
      mode = undefined;
      // Connections accepted while blackholed were never forwarded: drop them so clients reconnect.
      if (was === 'blackhole') dropAll();
      if (!server) {
        // The port was free a moment ago; another process may take it meanwhile, so retry briefly.
        for (let attempt = 0; ; attempt++) {
          try {
            await listen(bound);
            break;
          } catch (error) {
            if (attempt >= 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
    },
    async close() {
      mode = 'refuse';
      dropAll();
      await stopListening();
    },
  };
}
