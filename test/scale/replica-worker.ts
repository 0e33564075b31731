// One replica of the daemon for the scale tests, as its own process: the runtime the daemon opens
// from REDIS_URL (token store and rate budget in Redis) and the org connected on it: a Genesys
// API client sending `requests` reads with `concurrency` in flight. It prints "ready", waits for a
// line on stdin so all replicas start together, then prints one JSON line with what it did.
import { createInterface } from 'node:readline';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { connectOrg, openRuntime } from '../../src/connect/index.js';
import { createScaledClock } from './scaled-clock.js';

export interface ReplicaJob {
  /** .env variables: the emulator's, REDIS_URL and CCPULSE_TOKEN_KEY. */
  env: Record<string, string>;
  prefix: string;
  clock: { originMs: number; speed: number };
  perMinute: number;
  requests: number;
  concurrency: number;
}

export interface ReplicaReport {
  requests: number;
  failures: string[];
  rateLimited: number;
  tokenRequests: number;
}

const job = JSON.parse(process.env.CCPULSE_REPLICA_JOB ?? '{}') as ReplicaJob;
const clock = createScaledClock(job.clock.originMs, job.clock.speed);
const config = parseConfig({ ...job.env, CCPULSE_REDIS_PREFIX: job.prefix });
const org = findOrg(config, 'genesys');
const runtime = await openRuntime(config, { clock });
let rateLimited = 0;
const { client, tokens } = await connectOrg(org, runtime, {
  perMinute: job.perMinute,
  observer: { onRateLimited: () => rateLimited++ },
});

process.stdout.write('ready\n');
const go = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => go.once('line', () => resolve()));
// An open stdin would keep this process alive after its work.
go.close();
process.stdin.destroy();

let sent = 0;
const failures: string[] = [];
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (sent < job.requests) {
      sent++;
      try {
        await client.request({ method: 'GET', path: '/api/v2/tokens/me' });
      } catch (error) {
        // Names and codes only: a message could in principle quote a vendor answer.
        failures.push(`${(error as Error).name} ${(error as { code?: string }).code ?? ''}`.trim());
      }
    }
  }),
);
const report: ReplicaReport = { requests: sent, failures, rateLimited, tokenRequests: tokens.stats.tokenRequests };
process.stdout.write(`${JSON.stringify(report)}\n`);
await runtime.close();
