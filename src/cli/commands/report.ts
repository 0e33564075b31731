// `ccpulse report <kind>`: a report from the synced database (SQLite, or DATABASE_URL), in the
// reader's time zone, with how fresh the data is. A thin shell: parse, open the store, run, print.
import { Argument, type Command } from 'commander';
import { zonedIso } from '../../core/index.js';
import {
  BUCKETS,
  PERIODS,
  parseBucket,
  REPORT_KINDS,
  type Report,
  ReportInputError,
  type ReportKind,
  resolvePeriod,
  resolveScope,
  resolveZone,
  runReport,
} from '../../report/index.js';
import type { Sink } from '../../store/index.js';
import { type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { formatRows, OUTPUT_FORMATS, parseOutputFormat } from '../format-rows.js';
import { openStoreForReading } from '../open-store-for-reading.js';
import { runCommand } from '../run-command.js';

export interface ReportFlags {
  period?: string;
  from?: string;
  to?: string;
  by?: string;
  tz?: string;
  vendor?: string;
  org?: string;
  queue: string[];
  format: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('a report from the synced database, in your time zone, with how fresh the data is')
    // Values are checked in code, not by commander's choices: a mistake is exit 2 with the fix.
    .addArgument(new Argument('<report>', `which report: ${REPORT_KINDS.join(', ')}`))
    .option('--period <name>', `a period on your calendar: ${PERIODS.join(', ')} (default: yesterday)`)
    .option('--from <time>', 'start: a date (midnight in --tz), a local time 2026-03-08T06:00, or an instant with Z')
    .option('--to <time>', 'end, exclusive (default: the day after --from)')
    .option('--by <bucket>', `bucket: ${BUCKETS.join(', ')} (default: day; not for conversations)`)
    .option('--tz <zone>', 'IANA time zone for days and weeks (default: CCPULSE_TIMEZONE, else the system zone)')
    .option('--vendor <vendor>', 'only this vendor (genesys or cxone)')
    .option('--org <name>', 'only this org/tenant (as named in GENESYS_ORGS/CXONE_ORGS; default for the unnamed one)')
    .option('--queue <id or name>', 'only this queue (repeat for several)', collect, [])
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .action((kind: string, opts: ReportFlags, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        const sink = await openStoreForReading(config);
        try {
          process.stdout.write(await printReport(sink, kind, opts, config.timeZone, Date.now(), process.stderr));
        } finally {
          await sink.close();
        }
      }),
    );
}

function parseReportKind(text: string): ReportKind {
  if ((REPORT_KINDS as readonly string[]).includes(text)) return text as ReportKind;
  throw new ReportInputError(`'${text}' is not a report`, `Use one of ${REPORT_KINDS.join(', ')}.`);
}

/**
 * The report as text for stdout; warnings (and, for machine formats, the freshness notes) go to
 * `stderr` so the rows stay clean data. `ccpulse demo --once` prints through this too.
 */
export async function printReport(
  sink: Sink,
  kindText: string,
  opts: ReportFlags,
  configuredZone: string | undefined,
  now: number,
  stderr: { write(text: string): unknown },
): Promise<string> {
  const kind = parseReportKind(kindText);
  const format = parseOutputFormat(opts.format);
  const zone = resolveZone(opts.tz, configuredZone);
  const period = resolvePeriod(opts, zone, now);
  if (kind === 'conversations' && opts.by !== undefined)
    throw new ReportInputError(
      '--by does not apply to the conversations report (it lists each conversation)',
      'Drop --by, or use `ccpulse report queues --by ...` for totals per bucket.',
    );
  if (kind === 'agents' && opts.queue.length > 0)
    throw new ReportInputError(
      '--queue does not apply to the agents report (agent totals are not split by queue)',
      'Drop --queue, or use `ccpulse report conversations --queue ...` for the agents on a queue.',
    );
  const by = parseBucket(opts.by ?? 'day');
  const scope = await resolveScope(sink, { vendor: opts.vendor, org: opts.org, queues: opts.queue });
  const report = await runReport(sink, { kind, period, by, zone, scope }, now);
  for (const w of report.freshness.warnings) stderr.write(`warning: ${w}\n`);
  if (format !== 'table') {
    for (const n of report.freshness.notes) stderr.write(`data: ${n}\n`);
    return formatRows(report.rows, format, report.columns);
  }
  return `${title(kind, period.from, period.to, zone, kind === 'conversations' ? undefined : by)}\n${formatRows(report.rows, 'table', report.columns)}${freshnessBlock(report)}`;
}

function title(kind: ReportKind, from: number, to: number, zone: string, by: string | undefined): string {
  const span = `${zonedIso(from, zone)} to ${zonedIso(to, zone)} (${zone})`;
  return `${kind[0]?.toUpperCase()}${kind.slice(1)}, ${span}${by ? `, by ${by}` : ''}:`;
}

const freshnessBlock = (report: Report) =>
  report.freshness.notes.length === 0 ? '' : `\nData:\n${report.freshness.notes.map((n) => `  ${n}\n`).join('')}`;
