// `ccpulse sync --once`: one checkpointed cycle of every stream of every configured org into the
// configured store (SQLite under ./data by default, PostgreSQL with DATABASE_URL).
import type { Command } from 'commander';
import { requireOrgs } from '../../config/index.js';
import { syncOnce } from '../../connect/index.js';
import { CcpulseError } from '../../core/index.js';
import { openSink } from '../../store/index.js';
import type { StreamOutcome } from '../../sync/index.js';
import { cliLogger, type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { parseLookbackHours, parseSyncRange } from '../cli-input.js';
import { formatRows } from '../format-rows.js';
import { createProgressLine } from '../progress-line.js';
import { runCommand } from '../run-command.js';

/** Names each org or stream that failed with its own error, and the fix each of those errors names. */
class SyncFailedError extends CcpulseError {
  constructor(failed: (StreamOutcome & { error: Error })[], synced: number) {
    const hints = [...new Set(failed.map((o) => (o.error instanceof CcpulseError ? o.error.hint : undefined)))];
    // Said as it is: when nothing synced, never "everything else was synced".
    const outcome =
      synced === 0
        ? 'Nothing else was synced either; windows a stream finished before it failed are kept.'
        : `Everything else (${synced} stream${synced === 1 ? '' : 's'}) was synced and its checkpoint kept, so the next run resumes.`;
    super(
      'SYNC_FAILED',
      `${synced === 0 ? 'No stream was synced: ' : ''}${failed.length} of the sync's orgs/streams failed:\n${failed.map((o) => `  ${o.stream}: ${o.error.message}`).join('\n')}`,
      [
        ...hints.filter((h): h is string => h !== undefined),
        outcome,
        '`ccpulse doctor` checks the configuration step by step and says what to fix.',
      ].join(' | '),
    );
  }
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync analytics into the database (checkpointed, incremental, resumable)')
    .option('--once', 'run one cycle and exit (the default for now)')
    .option('--from <time>', 'where streams without a checkpoint start (ISO 8601; default: 3 days ago)')
    .option('--until <time>', 'a fixed end for a bounded backfill (default: now minus 5 minutes)')
    .option('--lookback-hours <n>', 're-sync this many hours before each watermark (late changes)', '72')
    .action((opts: { from?: string; until?: string; lookbackHours: string }, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        requireOrgs(config);
        // Windows done and rows per stream on stderr, only when it is a terminal.
        const progress = createProgressLine(process.stderr);
        const logger = cliLogger(config, progress?.log);
        const { backfillFrom, until } = parseSyncRange(opts.from, opts.until, Date.now());
        const lookbackMs = parseLookbackHours(opts.lookbackHours);
        const sink = await openSink(config, { logger });
        try {
          const outcomes = await syncOnce(
            { config, sink, logger, onProgress: progress?.progress, onRows: progress?.rows },
            { backfillFrom, until, lookbackMs },
          );
          progress?.close();
          process.stdout.write(
            formatRows(
              outcomes.map((o) => ({
                stream: o.stream,
                windows: o.windows,
                rows: o.rows,
                result: o.error ? `failed: ${o.error.message}` : 'ok',
              })),
              'table',
            ),
          );
          const failed = outcomes.filter((o): o is StreamOutcome & { error: Error } => o.error !== undefined);
          if (failed.length > 0) throw new SyncFailedError(failed, outcomes.length - failed.length);
        } finally {
          progress?.close();
          await sink.close();
        }
      }),
    );
}
