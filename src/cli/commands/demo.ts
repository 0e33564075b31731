// `ccpulse demo`: the whole product on this machine with no vendor account — emulators of Genesys
// Cloud and CXone, the reporting daemon syncing both into SQLite, and the supervisor dashboard to
// sign in to as a seeded user. Writes .env.emulator so other commands (login, query) can join in
// (.env.demo when another emulator still uses that file).
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadTokenKey } from '../../auth/index.js';
import { parseConfig } from '../../config/index.js';
import { CcpulseError, dayStart, ensurePrivateDir, validTimeZone, zonedIso } from '../../core/index.js';
import {
  createDaemon,
  DEFAULT_SCHEDULE,
  intervalFor,
  type Schedule,
  type StreamStatus,
  startHealthServer,
} from '../../daemon/index.js';
import { startDashboard } from '../../dashboard/index.js';
import { type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { resolveZone } from '../../report/index.js';
import { openSqliteSink, type Sink } from '../../store/index.js';
import { cliLogger, type GlobalOptions } from '../cli-config.js';
import { CliInputError, parseIntegerFlag, parsePortFlag } from '../cli-input.js';
import { liveEmulatorOf, writeEnvFile } from '../emulator-env-file.js';
import { runCommand } from '../run-command.js';
import { waitForSignal } from '../wait-for-signal.js';
import { printReport } from './report.js';

interface DemoFlags {
  seed: string;
  port: string;
  dataDir: string;
  once?: boolean;
}

const ENV_FILE = '.env.emulator';
const DIVERTED_ENV_FILE = '.env.demo';

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** `next: genesys:default:conversations at 12:05:00 (in 4 min)`: what the daemon does next, by the schedule. */
export function nextRunLine(streams: readonly StreamStatus[], schedule: Schedule, now: number): string {
  const due = streams
    .filter((s) => s.lastRunAt !== undefined)
    .map((s) => ({ stream: s.stream, at: (s.lastRunAt as number) + intervalFor(schedule, s.stream) }))
    .sort((a, b) => a.at - b.at)[0];
  if (!due) return 'waiting for the first runs to finish';
  const minutes = Math.max(0, Math.round((due.at - now) / 60_000));
  return `next: ${due.stream} at ${clockTime(due.at)} (in ${minutes} min); the dashboard stays up meanwhile`;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run emulators of both vendors, the sync daemon and the dashboard on this machine (no account needed)')
    .option('--seed <n>', 'seed for the emulated orgs and their traffic', '1')
    .option('--port <port>', 'dashboard port (0 picks a free one)', '8080')
    .option('--data-dir <dir>', 'where the demo database and keys go', 'data/demo')
    .option('--once', 'stop after the first full sync and print the report (for scripts and CI)')
    .action((opts: DemoFlags, command: Command) =>
      runCommand(() => runDemo(opts, command.optsWithGlobals<GlobalOptions>().logFormat)),
    );
}

async function runDemo(opts: DemoFlags, logFormat: string | undefined): Promise<void> {
  const out = (text: string) => process.stdout.write(text);
  const port = parsePortFlag('port', opts.port);
  const seed = parseIntegerFlag('seed', opts.seed);
  ensurePrivateDir(opts.dataDir);
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'pretty')
    throw new CliInputError(`--log-format '${logFormat}' is not a log format`, 'Use json or pretty.');
  // Warnings only (the demo prints its own lines), human on a terminal like the other commands.
  const logger = cliLogger({ logLevel: 'warn', logFormat });
  let emulator: RunningEmulator | undefined;
  const dashboard = await startDashboard({
    port,
    // The dashboard listens first so the emulators can register its exact callback URLs.
    deps: async (url) => {
      emulator = await startEmulator({
        seed,
        redirectUris: { genesys: [`${url}/callback/genesys`], cxone: [`${url}/callback/cxone`] },
      });
      return {
        orgs: parseConfig(emulator.env()).orgs,
        sessionKey: loadTokenKey(undefined, join(opts.dataDir, 'token.key')),
        logger,
        publicUrl: url,
      };
    },
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new CcpulseError('PORT_IN_USE', `port ${port} is in use`, 'Pass --port 0 (any free port) or another port.');
    throw error;
  });
  const emu = emulator as unknown as RunningEmulator;
  const stop = new AbortController();
  let sink: Sink | undefined;
  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    const env = emu.env();
    // Another terminal's `ccpulse emulate` (or demo) may still use .env.emulator: leave it to them.
    const taken = await liveEmulatorOf(ENV_FILE);
    const envFile = taken ? DIVERTED_ENV_FILE : ENV_FILE;
    writeEnvFile(envFile, env, `ccpulse demo (seed ${seed}); emulators at ${emu.genesysUrl} and ${emu.cxoneUrl}`);
    const config = { ...parseConfig(env), dataDir: opts.dataDir };
    const dbPath = join(opts.dataDir, 'ccpulse.db');
    sink = await openSqliteSink({ path: dbPath });

    out('ccpulse demo\n');
    out(`  Genesys Cloud emulator  ${emu.genesysUrl}\n  CXone emulator          ${emu.cxoneUrl}\n`);
    out(`  Database                ${dbPath} (SQLite)\n`);
    out(`  ${`${envFile} (0600)`.padEnd(24)}use it with --env ${envFile} in another terminal\n`);
    if (taken) out(`  (${ENV_FILE} was left alone: the emulator it points at, ${taken}, is still running)\n`);
    out('\n');

    // Yesterday on the reader's calendar (CCPULSE_TIMEZONE, else the system's): what the report shows.
    const zone = validTimeZone(process.env.CCPULSE_TIMEZONE) ?? resolveZone(undefined, undefined);
    // One moment for both the sync's start and the report: a first cycle running past midnight would
    // otherwise report a "yesterday" that is the day it started, synced only up to that start.
    const startedAt = Date.now();
    const yesterday = dayStart(startedAt, zone, -1);
    let firstCycle: () => void = () => {};
    const firstCycleDone = new Promise<void>((resolve) => {
      firstCycle = resolve;
    });
    let onProgress = () => {};
    const progress = (s: StreamStatus) => {
      const time = clockTime(s.lastRunAt ?? Date.now());
      const detail = s.lastError
        ? `failed: ${s.lastError}`
        : `${(s.lastRows ?? 0).toLocaleString('en-US')} rows${s.watermark ? `, synced up to ${new Date(s.watermark).toISOString().slice(0, 16)}Z` : ''}`;
      out(`  ${time}  ${s.stream.padEnd(32)} ${detail}\n`);
      onProgress();
      if (daemon.health().firstCycleDone) firstCycle();
    };
    const daemon = createDaemon({ config, sink, logger, backfillFrom: yesterday, onStreamRun: progress });
    health = await startHealthServer(daemon, { host: '127.0.0.1', port: 0 });
    out(
      `Daemon: syncing both vendors from ${zonedIso(yesterday, zone)} (health ${health.url}/healthz, metrics ${health.url}/metrics)\n`,
    );
    const running = daemon.run(stop.signal);

    await Promise.race([firstCycleDone, running]);
    // The same report `ccpulse report queues` prints from this database.
    const report = await printReport(
      sink,
      'queues',
      { period: 'yesterday', tz: zone, queue: [], format: 'table' },
      undefined,
      startedAt,
      process.stderr,
    );
    out(
      `\n${report}  (again later: ccpulse report queues --period yesterday, with CCPULSE_DATA_DIR=${opts.dataDir})\n`,
    );
    if (opts.once) {
      // The dashboard stops with this command: no URL to a page that is already gone.
      out('\nDashboard: stopped with the rest (--once); run `ccpulse demo` without --once to sign in to it.\n');
      return;
    }
    out(`\nDashboard: ${dashboard.url}\n`);
    out('  Sign in as (password demo-<name>):\n');
    for (const u of emu.org.users.filter((user) => user.role !== 'agent' && user.username !== 'reporting.api'))
      out(`    ${u.username.padEnd(8)} ${u.name}\n`);
    out('\nThe daemon keeps syncing (progress below). Press Ctrl-C to stop everything.\n');
    // Never silent for long: say when the next run is due, now and then each quiet minute.
    let lastOutputAt = Date.now();
    const idle = () =>
      out(`  ${clockTime(Date.now())}  ${nextRunLine(daemon.health().streams, DEFAULT_SCHEDULE, Date.now())}\n`);
    idle();
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutputAt < 55_000) return;
      idle();
      lastOutputAt = Date.now();
    }, 60_000);
    heartbeat.unref();
    onProgress = () => {
      lastOutputAt = Date.now();
    };
    try {
      await Promise.race([waitForSignal(), running]);
    } finally {
      clearInterval(heartbeat);
    }
    out('\nStopping…\n');
  } finally {
    stop.abort();
    await health?.close();
    await sink?.close();
    await dashboard.close();
    await emu.close();
  }
}
