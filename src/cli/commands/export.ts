// `ccpulse export <table|view>`: one relation as CSV or JSON Lines on stdout, streamed, from a
// watermark; the next watermark on stderr (and in --watermark-file) so a loader pulls increments.

import { once } from 'node:events';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportRelation, parseWatermark, ReportInputError } from '../../report/index.js';
import type { Cell } from '../../store/index.js';
import { RELATIONS } from '../../store/index.js';
import { type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { csvLine } from '../format-rows.js';
import { openStoreForReading } from '../open-store-for-reading.js';
import { runCommand } from '../run-command.js';

interface ExportFlags {
  since?: string;
  format: string;
  watermarkFile?: string;
}

const FORMATS = ['csv', 'jsonl'] as const;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('stream a table or view as CSV or JSON Lines, from a watermark, for warehouse loaders')
    .argument(
      '<relation>',
      `a view (${RELATIONS.filter((r) => r.kind === 'view')
        .map((r) => r.name)
        .join(', ')}) or a table`,
    )
    .option(
      '--since <watermark>',
      'only rows changed at or after this (the number the last export printed, or an ISO instant)',
    )
    .option('--format <format>', `csv or jsonl`, 'csv')
    .option(
      '--watermark-file <path>',
      'read --since from this file when it exists, and write the next watermark to it after a complete export',
    )
    .action((relation: string, opts: ExportFlags, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new ReportInputError(`--format '${opts.format}' is not an export format`, 'Use csv or jsonl.');
        const sinceText =
          opts.since ??
          (opts.watermarkFile && existsSync(opts.watermarkFile) ? readFileSync(opts.watermarkFile, 'utf8') : undefined);
        const since = sinceText === undefined ? undefined : parseWatermark(sinceText);
        const sink = await openStoreForReading(config);
        try {
          let header = opts.format === 'csv';
          const result = await exportRelation(sink, {
            relation,
            since,
            now: Date.now(),
            write: async (columns, rows) => {
              const lines: string[] = [];
              if (header) lines.push(csvLine(columns));
              header = false;
              for (const r of rows)
                lines.push(
                  opts.format === 'csv' ? csvLine(columns.map((c) => r[c] as Cell)) : `${JSON.stringify(r)}\n`,
                );
              // Backpressure: a slow reader of stdout holds the export, not our memory.
              if (!process.stdout.write(lines.join(''))) await once(process.stdout, 'drain');
            },
          });
          if (header)
            process.stdout.write(csvLine(RELATIONS.find((r) => r.name === relation)?.columns.map((c) => c.name) ?? []));
          if (result.nextWatermark === undefined) {
            process.stderr.write(
              `exported ${result.rows} rows of ${relation} (no change stamp: export it whole each time)\n`,
            );
            return;
          }
          const next = result.nextWatermark;
          process.stderr.write(
            `exported ${result.rows} rows of ${relation}; next watermark: ${next} (${new Date(next).toISOString()}); continue with: ccpulse export ${relation} --since ${next}\n`,
          );
          if (opts.watermarkFile) {
            // Written only after every row is out, and atomically: a crash leaves the old watermark.
            writeFileSync(`${opts.watermarkFile}.tmp`, `${next}\n`);
            renameSync(`${opts.watermarkFile}.tmp`, opts.watermarkFile);
          }
        } finally {
          await sink.close();
        }
      }),
    );
}
