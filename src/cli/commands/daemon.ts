// `ccpulse daemon`: syncs every configured org on a schedule until SIGTERM/SIGINT, with /healthz and
// /metrics for the platform that runs it. Stopping waits a few seconds for the batch being written
// (each batch is one transaction with its checkpoint), so a restart resumes exactly where this run
// ended; with PostgreSQL or Redis unreachable it abandons what cannot finish and still exits.
import type { Command } from 'commander';
import { requireOrgs } from '../../config/index.js';
import { openRuntime } from '../../connect/index.js';
import {
  createDaemon,
  type DependencyCheck,
  openPgStreamLeases,
  parseSchedule,
  startHealthServer,
  stopWithin,
} from '../../daemon/index.js';
import { openSink } from '../../store/index.js';
import { cliLogger, type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { parseLookbackHours, parsePortFlag, parseSecondsFlag, parseSyncRange } from '../cli-input.js';
import { runCommand } from '../run-command.js';
import { waitForSignal } from '../wait-for-signal.js';

interface DaemonFlags {
  schedule?: string;
  from?: string;
  lookbackHours: string;
  metricsHost: string;
  metricsPort: string;
  leaseSeconds: string;
}

export function registerDaemon(program: Command): void {
  program
    .command('daemon')
    .description('sync every configured org on a schedule, with /healthz and /metrics (Prometheus)')
    .option(
      '--schedule <spec>',
      "how often each stream kind runs, e.g. 'conversations=2m,directory=1h' (default: conversations and contacts 5m, intervals 15m, directory 1h)",
    )
    .option('--from <time>', 'where streams without a checkpoint start (ISO 8601; default: 3 days ago)')
    .option('--lookback-hours <n>', 're-sync this many hours before each watermark (late changes)', '72')
    .option('--metrics-host <host>', 'interface for /healthz and /metrics', '127.0.0.1')
    .option('--metrics-port <port>', 'port for /healthz and /metrics (0 picks a free one)', '9464')
    .option(
      '--lease-seconds <n>',
      'with DATABASE_URL: how long a dead replica holds a stream before another takes it',
      '60',
    )
    .action((opts: DaemonFlags, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        requireOrgs(config);
        const schedule = parseSchedule(opts.schedule);
        const { backfillFrom } = parseSyncRange(opts.from, undefined, Date.now());
        const lookbackMs = parseLookbackHours(opts.lookbackHours);
        const port = parsePortFlag('metrics-port', opts.metricsPort);
        const leaseMs = parseSecondsFlag('lease-seconds', opts.leaseSeconds, 3) * 1000;
        const logger = cliLogger(config);
        // REDIS_URL: replicas share tokens and each client's rate budget. DATABASE_URL: they share the
        // schedule through stream leases. With neither, this process keeps everything to itself.
        const runtime = await openRuntime(config, { logger });
        // Closed last to first: the health server, the leases, the database, Redis.
        const closers: { name: string; close(): Promise<void> }[] = [{ name: 'Redis', close: () => runtime.close() }];
        const closeAll = async () => {
          for (const closer of closers.reverse()) await closer.close().catch(() => undefined);
        };
        // What /healthz checks besides the streams and the vendors.
        const dependencies: DependencyCheck[] = runtime.shared ? [{ name: 'Redis', check: () => runtime.ping() }] : [];
        let daemon: ReturnType<typeof createDaemon>;
        let server: Awaited<ReturnType<typeof startHealthServer>>;
        try {
          const sink = await openSink(config, { logger });
          closers.push({ name: config.databaseUrl ? 'PostgreSQL' : 'SQLite', close: () => sink.close() });
          const scheduler = config.databaseUrl
            ? await openPgStreamLeases({ url: config.databaseUrl, leaseMs })
            : undefined;
          if (scheduler) {
            closers.push({ name: 'PostgreSQL stream leases', close: () => scheduler.close() });
            dependencies.push({ name: 'PostgreSQL', check: () => scheduler.ping() });
          }
          daemon = createDaemon({
            config,
            sink,
            runtime,
            schedule,
            backfillFrom,
            lookbackMs,
            scheduler,
            heartbeatMs: leaseMs / 3,
            dependencies,
          });
          server = await startHealthServer(daemon, { host: opts.metricsHost, port });
          closers.push({ name: 'health server', close: () => server.close() });
        } catch (error) {
          await closeAll();
          throw error;
        }
        logger.info(
          { sharedTokensAndBudget: runtime.shared, sharedSchedule: Boolean(config.databaseUrl) },
          'replica coordination',
        );
        process.stdout.write(`Health: ${server.url}/healthz  Metrics: ${server.url}/metrics\n`);
        const stop = new AbortController();
        const running = daemon.run(stop.signal);
        let failure: { error: unknown } | undefined;
        const ended = running.then(
          () => undefined,
          (error: unknown) => {
            failure = { error };
          },
        );
        const signal = await Promise.race([waitForSignal(), ended]);
        if (signal) {
          logger.info({ signal }, 'stopping: finishing the batch in progress');
          // A second Ctrl-C means "now"; the database is consistent at every point anyway.
          process.once('SIGINT', () => process.exit(130));
          stop.abort(new Error(`stopped by ${signal}`));
        }
        const abandoned = await stopWithin({
          running: ended,
          inProgress: () => daemon.inProgress(),
          closers: closers.reverse(),
          logger,
        });
        // A socket to a server that stopped answering may still hold the event loop: leave anyway,
        // once the lines above are out (unref: a process with nothing left exits by itself first).
        if (abandoned.length > 0) setTimeout(() => process.exit(), 200).unref();
        if (failure) throw failure.error;
      }),
    );
}
