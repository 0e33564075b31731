// `ccpulse query <vendor> <report>`: one report as rows, from the daemon's credentials.
import { Argument, type Command, Option } from 'commander';
import { findOrg, VENDOR_IDENTITY, type Vendor } from '../../config/index.js';
import { connectOrg, createRuntime } from '../../connect/index.js';
import { CcpulseError } from '../../core/index.js';
import type { ApiClient } from '../../http/index.js';
import { type Conversation, type Queue, type QueueInterval, queueIntervalSummary } from '../../model/index.js';
import {
  agentPerformanceIntervals,
  completedContactPages,
  type ExtractionStage,
  extractInteractions,
  skillServiceLevels,
  skillSummaryIntervals,
  teamPerformanceTotals,
} from '../../vendors/cxone/index.js';
import {
  conversationDetailPages,
  listAgents,
  listQueues,
  queryQueueIntervals,
  queueSnapshots,
} from '../../vendors/genesys/index.js';
import { type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { HISTORY_LIMIT_MS, parseTimeFlag } from '../cli-input.js';
import { formatRows, type OutputFormat, type Row } from '../format-rows.js';
import { runCommand } from '../run-command.js';
import { createWaitLine } from '../wait-line.js';

/** A report of one vendor: the API it reads and which of --granularity/--queue it honours. */
interface ReportSource {
  api: string;
  flags: readonly ('granularity' | 'queue')[];
}

/** Every report and the vendors that have it: shown in --help and checked before anything connects. */
const REPORTS = {
  'queue-intervals': {
    genesys: { api: 'conversations/aggregates, one row per queue and interval', flags: ['granularity', 'queue'] },
    cxone: { api: 'skills/summary, per skill (no interval size)', flags: [] },
  },
  conversations: {
    genesys: { api: 'conversations/details', flags: ['queue'] },
    cxone: { api: 'contacts/completed (the last 30 days)', flags: [] },
  },
  live: { genesys: { api: 'queues/observations, now', flags: ['queue'] } },
  queues: { genesys: { api: 'routing/queues', flags: [] } },
  agents: { genesys: { api: 'users', flags: [] } },
  'agent-intervals': { cxone: { api: 'agents/performance', flags: [] } },
  'service-levels': { cxone: { api: 'skills/sla-summary', flags: [] } },
  'team-performance': { cxone: { api: 'teams/performance-total', flags: [] } },
  interactions: { cxone: { api: 'Data Extraction job, bulk (beyond the 30 days of contacts/completed)', flags: [] } },
} as const satisfies Record<string, { readonly [V in Vendor]?: ReportSource }>;
type Report = keyof typeof REPORTS;
const REPORT_NAMES = Object.keys(REPORTS) as Report[];

const reportHelp = () =>
  [
    '',
    'Reports (which vendor has each, and the API it reads):',
    ...REPORT_NAMES.flatMap((name) =>
      Object.entries(REPORTS[name]).map(
        ([vendor, source], i) => `  ${(i === 0 ? name : '').padEnd(18)}${`${vendor}:`.padEnd(9)}${source.api}`,
      ),
    ),
  ].join('\n');

interface QueryOptions {
  from?: string;
  to?: string;
  granularity?: string;
  queue?: string[];
  format: OutputFormat;
  org?: string;
}

export class QueryInputError extends CcpulseError {
  constructor(message: string, hint: string) {
    super('QUERY_INPUT', message, hint);
  }
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run one report and print its rows')
    .addArgument(new Argument('<vendor>', 'which vendor').choices(['genesys', 'cxone']))
    .addArgument(
      new Argument('<report>', 'which report (the list below says which vendor has it)').choices(REPORT_NAMES),
    )
    .option('--from <time>', 'start (ISO 8601, or a date such as 2026-11-24; default: start of yesterday UTC)')
    .option('--to <time>', 'end, exclusive (default: --from plus one day)')
    .option(
      '--granularity <duration>',
      'interval size of genesys queue-intervals (ISO 8601: PT15M, PT30M, PT1H, P1D; default PT1H)',
    )
    .option('--queue <id...>', 'only these queue ids (genesys queue-intervals, conversations, live)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--org <name>', 'which configured org/tenant (when several)')
    .addHelpText('after', reportHelp())
    .action((vendor: Vendor, report: Report, opts: QueryOptions, command: Command) =>
      runCommand(async () => {
        const granularity = checkReportFlags(vendor, report, opts);
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        const { from, to } = parseWindow(opts.from, opts.to, Date.now());
        const org = findOrg(config, vendor, opts.org);
        const { client } = await connectOrg(org, createRuntime());
        const rows = await RUN_REPORT[vendor](client, org.name, report, {
          from,
          to,
          granularity,
          queueIds: opts.queue,
        });
        process.stdout.write(formatRows(rows, opts.format));
      }),
    );
}

/**
 * Refuses, before any configuration or network, a report the vendor does not have and a flag the
 * report would ignore; returns the granularity to ask for.
 */
function checkReportFlags(vendor: Vendor, report: Report, opts: QueryOptions): string {
  const source: ReportSource | undefined = (REPORTS[report] as { readonly [V in Vendor]?: ReportSource })[vendor];
  const label = VENDOR_IDENTITY[vendor].label;
  if (!source) {
    const theirs = REPORT_NAMES.filter((r) => vendor in REPORTS[r]);
    const other = Object.keys(REPORTS[report]).join(' or ');
    throw new QueryInputError(
      `${label} has no '${report}' report (it is ${other}'s)`,
      `For ${label} use ${theirs.join(', ')}; \`ccpulse query --help\` lists which vendor has which.`,
    );
  }
  for (const [flag, given] of [
    ['granularity', opts.granularity],
    ['queue', opts.queue],
  ] as const) {
    if (given !== undefined && !source.flags.includes(flag))
      throw new QueryInputError(
        `--${flag} does not apply to ${vendor} ${report} (${source.api})`,
        flag === 'granularity'
          ? 'Only genesys queue-intervals takes --granularity; drop it.'
          : 'Only genesys queue-intervals, conversations and live take --queue; drop it.',
      );
  }
  const granularity = opts.granularity ?? 'PT1H';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(granularity);
  const minutes = m ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  if (!m || minutes === 0 || granularity.endsWith('T'))
    throw new QueryInputError(
      `--granularity '${granularity}' is not an ISO 8601 duration of days, hours or minutes`,
      'Use e.g. PT15M, PT30M, PT1H or P1D.',
    );
  return granularity;
}

interface ReportQuery {
  from: number;
  to: number;
  granularity: string;
  queueIds?: string[] | undefined;
}

type RunReport = (client: ApiClient, org: string, report: Report, q: ReportQuery) => Promise<Row[]>;

const runGenesysReport: RunReport = async (client, org, report, q) => {
  const names = async () => new Map((await listQueues(client, org)).map((x: Queue) => [x.id, x.name]));
  switch (report) {
    case 'queues':
      return (await listQueues(client, org)).map((x) => ({ id: x.id, name: x.name, media: x.mediaType }));
    case 'agents':
      return (await listAgents(client, org)).map((a) => ({ id: a.id, name: a.name, email: a.email }));
    case 'live': {
      const queueNames = await names();
      const ids = q.queueIds ?? [...queueNames.keys()];
      return (await queueSnapshots(client, org, ids)).map((s) => ({
        queue: queueNames.get(s.queueId) ?? s.queueId,
        waiting: s.waiting,
        interacting: s.interacting,
        on_queue_agents: s.onQueueAgents,
        // The on-queue agents by routing status, as Genesys splits them.
        idle: s.agentsByRoutingStatus?.IDLE ?? 0,
        agents_interacting: s.agentsByRoutingStatus?.INTERACTING ?? 0,
        not_responding: s.agentsByRoutingStatus?.NOT_RESPONDING ?? 0,
        active_agents: s.activeAgents,
      }));
    }
    case 'queue-intervals': {
      const queueNames = await names();
      const intervals = await queryQueueIntervals(client, org, {
        from: q.from,
        to: q.to,
        granularity: q.granularity,
        queueIds: q.queueIds,
      });
      return intervals
        .sort(
          (a, b) =>
            a.intervalStart - b.intervalStart ||
            (queueNames.get(a.queueId) ?? '').localeCompare(queueNames.get(b.queueId) ?? ''),
        )
        .map((i) => queueIntervalRow(i, 'queue', queueNames.get(i.queueId) ?? i.queueId));
    }
    case 'conversations': {
      const rows: Row[] = [];
      for await (const page of conversationDetailPages(client, org, { from: q.from, to: q.to, queueIds: q.queueIds })) {
        for (const c of page) {
          rows.push(conversationRow(c, 'queue', 'wrap_up'));
        }
      }
      return rows;
    }
    default:
      throw new QueryInputError(
        `the Genesys report '${report}' is not available`,
        'For Genesys use queue-intervals, conversations, live, queues or agents.',
      );
  }
};

const runCxoneReport: RunReport = async (client, org, report, q) => {
  switch (report) {
    case 'queue-intervals':
      return (await skillSummaryIntervals(client, org, q.from, q.to)).map((i) =>
        queueIntervalRow(i, 'skill', i.queueId),
      );
    case 'conversations': {
      const rows: Row[] = [];
      const pages = completedContactPages(client, org, q.from, {
        now: Date.now(),
        onUnreachable: ({ from, to }) => {
          const span = `--from ${new Date(from).toISOString()} --to ${new Date(to).toISOString()}`;
          process.stderr.write(
            `warning: CXone's contacts/completed reaches 30 days back: contacts changed before ${new Date(to).toISOString()} are not in these rows. For that span use \`ccpulse query cxone interactions ${span}\` (Data Extraction API).\n`,
          );
        },
      });
      for await (const page of pages) {
        for (const c of page) {
          if (c.start < q.from || c.start >= q.to) continue;
          rows.push(conversationRow(c, 'skill', 'disposition'));
        }
      }
      return rows;
    }
    case 'agent-intervals':
      return (await agentPerformanceIntervals(client, org, q.from, q.to)).map((a) => ({
        interval_start: new Date(a.intervalStart).toISOString(),
        agent: a.agentId,
        handled: a.handled,
        talk_s: seconds(a.talkMs),
        hold_s: seconds(a.holdMs),
        acw_s: seconds(a.acwMs),
        handle_s: seconds(a.handleMs),
        aht_s: seconds(a.handled > 0 ? a.handleMs / a.handled : undefined),
      }));
    case 'service-levels':
      return (await skillServiceLevels(client, org, q.from, q.to)).map((l) => ({
        interval_start: new Date(l.intervalStart).toISOString(),
        skill: l.queueId,
        within_sla: l.serviceLevelNumerator,
        counted: l.serviceLevelDenominator,
        service_level: l.serviceLevelDenominator > 0 ? l.serviceLevelNumerator / l.serviceLevelDenominator : undefined,
      }));
    case 'team-performance':
      return (await teamPerformanceTotals(client, org, q.from, q.to)).map((t) => ({
        team: t.teamId,
        handled: t.handled,
        talk_s: seconds(t.talkMs),
        hold_s: seconds(t.holdMs),
        acw_s: seconds(t.acwMs),
        handle_s: seconds(t.handleMs),
        refused: t.refused,
        login_s: seconds(t.loginMs),
      }));
    case 'interactions': {
      const wait = createWaitLine(process.stderr);
      const interactions = await extractInteractions(client, org, q.from, q.to, {
        onStage: (stage) => wait.stage(EXTRACTION_STAGE_TEXT[stage]),
      }).finally(() => wait.close());
      return interactions.map((i) => ({
        id: i.contactId,
        start: new Date(i.start).toISOString(),
        skill: i.skillName,
        agent: i.agentId,
        agent_name: i.agentName,
        team: i.teamName,
        disposition: i.disposition,
      }));
    }
    default:
      throw new QueryInputError(
        `the CXone report '${report}' is not available`,
        'For CXone use queue-intervals, conversations, agent-intervals, service-levels, team-performance or interactions.',
      );
  }
};

const EXTRACTION_STAGE_TEXT: { readonly [S in ExtractionStage]: string } = {
  starting: 'CXone Data Extraction: starting the job (CXone allows one every 30 s)',
  running: 'CXone Data Extraction: job running, CXone is preparing the file',
  downloading: 'CXone Data Extraction: downloading the file',
};

/** Each vendor's reports; keyed by Vendor, so a new vendor must bring its own. */
const RUN_REPORT: { readonly [V in Vendor]: RunReport } = { genesys: runGenesysReport, cxone: runCxoneReport };

/** One conversation as a row; the vendors name the queue and the wrap-up differently. */
function conversationRow(c: Conversation, queueLabel: 'queue' | 'skill', wrapUpLabel: 'wrap_up' | 'disposition'): Row {
  return {
    id: c.id,
    start: new Date(c.start).toISOString(),
    media: c.mediaType,
    [queueLabel]: c.queueIds[0],
    answered: c.answered,
    wait_s: seconds(c.waitMs),
    handle_s: seconds(c.handleMs),
    [wrapUpLabel]: c.wrapUpCode,
  };
}

/** One row a person reads: counts, then service level, handle time and speed of answer. */
function queueIntervalRow(i: QueueInterval, label: 'queue' | 'skill', name: string): Row {
  const s = queueIntervalSummary(i);
  return {
    interval_start: new Date(i.intervalStart).toISOString(),
    [label]: name,
    offered: i.offered,
    answered: i.answered,
    abandoned: i.abandoned,
    service_level: s.serviceLevel,
    aht_s: seconds(s.averageHandleMs),
    asa_s: seconds(s.averageSpeedOfAnswerMs),
  };
}

function parseWindow(
  fromText: string | undefined,
  toText: string | undefined,
  now: number,
): { from: number; to: number } {
  const day = 86_400_000;
  const from = parseTimeFlag('from', fromText) ?? Math.floor(now / day) * day - day;
  const to = parseTimeFlag('to', toText) ?? from + day;
  if (from > now)
    throw new QueryInputError(
      `--from ${new Date(from).toISOString()} is in the future`,
      'Give a start in the past; --to may reach up to now for today so far.',
    );
  if (from < now - HISTORY_LIMIT_MS)
    throw new QueryInputError(
      `--from ${new Date(from).toISOString()} is older than the vendors keep data (Genesys Cloud: at most 5 years)`,
      `Use a time from ${new Date(now - HISTORY_LIMIT_MS).toISOString().slice(0, 10)} on.`,
    );
  if (to <= from)
    throw new QueryInputError(
      `--to (${new Date(to).toISOString()}) is not after --from (${new Date(from).toISOString()})`,
      'Give an end after the start.',
    );
  return { from, to };
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms) / 1000);
