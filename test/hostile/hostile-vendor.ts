// A hostile "vendor" for tests: its own small node:http server (not the emulator), whose OAuth token
// endpoint works so ccpulse gets as far as its API calls, and whose every API answer misbehaves in
// one chosen way — the ways a broken vendor, proxy or captive portal answers in the field.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export const HOSTILE_MODES = [
  'hang',
  'slow-drip',
  'html',
  'truncated-json',
  'huge-body',
  'gzip-bomb',
  'deep-nesting',
  'huge-array',
  'wrong-types',
  'nulls',
  'no-content',
  'empty-object',
  'redirect-loop',
  'wrong-content-type',
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface HostileVendor {
  url: string;
  /** API requests seen (token requests not counted), and when the first one came. */
  readonly apiRequests: number;
  readonly firstApiRequestAt: number | undefined;
  /** Called on the first API request (e.g. to sample the client's memory once it is running). */
  onFirstApiRequest?: () => void;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** Bytes a huge body sends: past any sane cap, the size that took a process to 401 MiB. */
const HUGE_BODY_BYTES = 50 * MiB;
/** What a gzip bomb inflates to. */
const BOMB_BYTES = 2048 * MiB;
/** Entities in the huge flat array: past what a spread into a call's arguments survives (about 125,000 here). */
const HUGE_ARRAY_LENGTH = 150_000;
const DEEP = 200_000;

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

// One gzip member of 16 MiB of spaces (about 16 KiB compressed); concatenated members are one valid
// gzip stream, so 128 of them inflate to 2 GiB from about 2 MiB on the wire.
let bombMember: Buffer | undefined;
const bomb = () => {
  bombMember ??= gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 });
  return bombMember;
};

// Built once (about 2 MB, under the tests' response cap): the server's own cost is not the client's.
let hugeArrayBody: Buffer | undefined;
const hugeArray = () => {
  if (!hugeArrayBody) {
    const items = Array.from({ length: HUGE_ARRAY_LENGTH }, (_, i) => `{"id":"${i}"}`);
    hugeArrayBody = Buffer.from(`{"entities":[${items.join(',')}],"pageSize":100,"pageNumber":1,"pageCount":1}`);
  }
  return hugeArrayBody;
};

function answer(mode: HostileMode, res: ServerResponse, url: URL): void {
  switch (mode) {
    case 'hang':
      return; // accepted, read, never answered
    case 'slow-drip': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Proxy login</form></body></html>');
      return;
    case 'truncated-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"entities":[{"id":"q-1","name":"Sales"},{"id":');
      return;
    case 'huge-body': {
      // A valid JSON document, streamed: {"entities":[], "padding":"xxxx…"}.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"entities":[],"padding":"');
      const chunk = Buffer.alloc(MiB, 0x78);
      let sent = 0;
      const pump = () => {
        while (sent < HUGE_BODY_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    case 'gzip-bomb': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.write(gzipSync('{"entities":[],"padding":"'));
      let members = 0;
      const pump = () => {
        while (members < BOMB_BYTES / (16 * MiB)) {
          members++;
          if (!res.write(bomb())) return void res.once('drain', pump);
        }
        res.end(gzipSync('"}'));
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    case 'deep-nesting':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);
      return;
    case 'huge-array': {
      const body = hugeArray();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      return;
    }
    case 'wrong-types':
      json(res, 200, {
        entities: 'all of them',
        pageSize: '100',
        conversations: { count: 3 },
        totalHits: 'many',
        results: 'none',
        dataAvailabilityDate: 20261120,
        state: 42,
        jobId: 7,
      });
      return;
    case 'nulls':
      json(res, 200, {
        entities: null,
        pageSize: null,
        conversations: null,
        totalHits: null,
        results: null,
        dataAvailabilityDate: null,
        state: null,
        jobId: null,
      });
      return;
    case 'no-content':
      res.writeHead(204);
      res.end();
      return;
    case 'empty-object':
      json(res, 200, {});
      return;
    case 'redirect-loop':
      res.writeHead(302, { location: `${url.pathname}${url.search}` });
      res.end();
      return;
    case 'wrong-content-type':
      // A well-formed list, labelled as something else (a proxy's rewrite, a misconfigured gateway).
      json(res, 200, { entities: [], pageSize: 100, pageNumber: 1, total: 0, pageCount: 0 }, 'text/plain');
      return;
  }
}

export async function startHostileVendor(mode: HostileMode): Promise<HostileVendor> {
  const sockets = new Set<Socket>();
  let apiRequests = 0;
  let firstApiRequestAt: number | undefined;
  const vendor: HostileVendor = {
    url: '',
    get apiRequests() {
      return apiRequests;
    },
    get firstApiRequestAt() {
      return firstApiRequestAt;
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hostile.invalid');
    // Read the request body whatever comes next, so a hang is the server's silence, not back-pressure.
    req.resume();
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      req.on('end', () => json(res, 200, { access_token: 'hostile-token', token_type: 'bearer', expires_in: 86_400 }));
      return;
    }
    apiRequests++;
    if (firstApiRequestAt === undefined) {
      firstApiRequestAt = Date.now();
      vendor.onFirstApiRequest?.();
    }
    req.on('end', () => answer(mode, res, url));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vendor.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return vendor;
}
