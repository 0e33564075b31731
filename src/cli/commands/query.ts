// `ccpulse query <vendor> <report>`: one report as rows, live from the vendor with the daemon's
// credentials. Rows speak the language of `ccpulse report` (same column names, ids and names both,
// numbers as numbers, times in --tz), so a script can switch between the two.
import { Argument, type Command } from 'commander';
import { findOrg, VENDOR_IDENTITY, type Vendor } from '../../config/index.js';
import { connectOrg, createRuntime } from '../../connect/index.js';
import { CcpulseError, zonedIso } from '../../core/index.js';
import type { ApiClient } from '../../http/index.js';
import type { Conversation, QueueInterval } from '../../model/index.js';
import { noQueueMatches, queueMeasures, resolvePeriod, resolveZone } from '../../report/index.js';
import {
  agentPerformanceIntervals,
  completedContactPages,
  type ExtractionStage,
  extractInteractions,
  listCxoneAgents,
  skillServiceLevels,
  skillSummaryWindow,
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
import { HISTORY_LIMIT_MS } from '../cli-input.js';
import { formatRows, OUTPUT_FORMATS, parseOutputFormat, type Row } from '../format-rows.js';
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
  agents: { genesys: { api: 'users', flags: [] }, cxone: { api: 'agents (Admin API)', flags: [] } },
  'agent-intervals': { cxone: { api: 'agents/performance', flags: [] } },
  'service-levels': { cxone: { api: 'skills/sla-summary', flags: [] } },
  'team-performance': { cxone: { api: 'teams/performance-total', flags: [] } },
  interactions: { cxone: { api: 'Data Extraction job, bulk (beyond the 30 days of contacts/completed)', flags: [] } },
} as const satisfies Record<string, { readonly [V in Vendor]?: ReportSource }>;
type Report = keyof typeof REPORTS;
const REPORT_NAMES = Object.keys(REPORTS) as Report[];
/** The reports vendor V has: each vendor's runner switches over exactly these, with no fallback. */
type ReportOf<V extends Vendor> = { [R in Report]: V extends keyof (typeof REPORTS)[R] ? R : never }[Report];
const hasReport = <V extends Vendor>(vendor: V, report: Report): report is ReportOf<V> => vendor in REPORTS[report];

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
  format: string;
  org?: string;
  tz?: string;
}

class QueryInputError extends CcpulseError {
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
    .option(
      '--from <time>',
      'start: a date (midnight in --tz), a local time 2026-11-24T06:00, or an instant with Z (default: yesterday)',
    )
    .option('--to <time>', 'end, exclusive (default: the day after --from)')
    .option(
      '--tz <zone>',
      'IANA time zone for dates and printed times (default: CCPULSE_TIMEZONE, else the system zone)',
    )
    .option(
      '--granularity <duration>',
      'interval size of genesys queue-intervals (ISO 8601: PT15M, PT30M, PT1H, P1D; default PT1H)',
    )
    .option(
      '--queue <id or name...>',
      'only these queues, by id or name (genesys queue-intervals, conversations, live)',
    )
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .option('--org <name>', 'which configured org/tenant (when several)')
    .addHelpText('after', reportHelp())
    .action((vendor: Vendor, report: Report, opts: QueryOptions, command: Command) =>
      runCommand(() => query(vendor, report, opts, command.optsWithGlobals<GlobalOptions>())),
    );
}

async function query<V extends Vendor>(vendor: V, report: Report, opts: QueryOptions, globals: GlobalOptions) {
  checkReport(vendor, report);
  const granularity = checkReportFlags(vendor, report, opts);
  const format = parseOutputFormat(opts.format);
  const config = loadCliConfig(globals);
  const zone = resolveZone(opts.tz, config.timeZone);
  const { from, to } = parseWindow(opts.from, opts.to, zone, Date.now());
  const org = findOrg(config, vendor, opts.org);
  const { client } = await connectOrg(org, createRuntime({ limits: config.limits }));
  const runReport: RunReport<V> = RUN_REPORT[vendor];
  const rows = await runReport(client, org.name, report, { from, to, zone, granularity, queues: opts.queue });
  process.stdout.write(formatRows(rows, format));
}

/** Refuses, before any configuration or network, a report the vendor does not have. */
function checkReport<V extends Vendor>(vendor: V, report: Report): asserts report is ReportOf<V> {
  if (!hasReport(vendor, report)) {
    const label = VENDOR_IDENTITY[vendor].label;
    const theirs = REPORT_NAMES.filter((r) => hasReport(vendor, r));
    const other = Object.keys(REPORTS[report]).join(' or ');
    throw new QueryInputError(
      `${label} has no '${report}' report (it is ${other}'s)`,
      `For ${label} use ${theirs.join(', ')}; \`ccpulse query --help\` lists which vendor has which.`,
    );
  }
}

/** Refuses a flag the report would ignore; returns the granularity to ask for. */
function checkReportFlags<V extends Vendor>(vendor: V, report: ReportOf<V>, opts: QueryOptions): string {
  const source: ReportSource = (REPORTS[report] as { readonly [K in V]: ReportSource })[vendor];
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
  zone: string;
  granularity: string;
  /** Queue ids or names as typed. */
  queues?: string[] | undefined;
}

type RunReport<V extends Vendor> = (
  client: ApiClient,
  org: string,
  report: ReportOf<V>,
  q: ReportQuery,
) => Promise<Row[]>;

const runGenesysReport: RunReport<'genesys'> = async (client, org, report, q) => {
  const source = { vendor: 'genesys', org };
  const queues = report === 'agents' ? [] : await listQueues(client, org);
  const queueName = new Map(queues.map((x) => [x.id, x.name]));
  const queueIds = pickQueues(q.queues, queues);
  switch (report) {
    case 'queues':
      return queues.map((x) => ({
        ...source,
        queue_id: x.id,
        queue_name: x.name,
        media_type: x.mediaType ?? null,
        division_id: x.divisionId ?? null,
      }));
    case 'agents':
      return (await listAgents(client, org)).map((a) => ({
        ...source,
        agent_id: a.id,
        agent_name: a.name,
        email: a.email ?? null,
      }));
    case 'live':
      return (await queueSnapshots(client, org, queueIds ?? [...queueName.keys()])).map((s) => ({
        ...source,
        queue_id: s.queueId,
        queue_name: queueName.get(s.queueId) ?? null,
        waiting: s.waiting,
        interacting: s.interacting,
        on_queue_agents: s.onQueueAgents,
        // The on-queue agents by routing status, as Genesys splits them.
        idle: s.agentsByRoutingStatus?.IDLE ?? 0,
        agents_interacting: s.agentsByRoutingStatus?.INTERACTING ?? 0,
        not_responding: s.agentsByRoutingStatus?.NOT_RESPONDING ?? 0,
        active_agents: s.activeAgents,
      }));
    case 'queue-intervals': {
      // timeZone: a P1D interval is the zone's day, 23 or 25 hours on a DST change.
      const intervals = await queryQueueIntervals(client, org, {
        from: q.from,
        to: q.to,
        granularity: q.granularity,
        queueIds,
        timeZone: q.zone,
      });
      return intervals
        .sort(
          (a, b) =>
            a.intervalStart - b.intervalStart ||
            (queueName.get(a.queueId) ?? '').localeCompare(queueName.get(b.queueId) ?? ''),
        )
        .map((i) => queueIntervalRow(i, queueName.get(i.queueId), q.zone));
    }
    case 'conversations': {
      const agentName = new Map((await listAgents(client, org)).map((a) => [a.id, a.name]));
      const rows: Row[] = [];
      for await (const page of conversationDetailPages(client, org, { from: q.from, to: q.to, queueIds }))
        for (const c of page) rows.push(conversationRow(c, queueName, agentName, q.zone));
      return rows;
    }
  }
};

/** --queue ids or names (any case) -> queue ids; a name that matches nothing lists the close ones. */
function pickQueues(
  wanted: readonly string[] | undefined,
  queues: readonly { id: string; name: string }[],
): string[] | undefined {
  if (!wanted) return undefined;
  return wanted.flatMap((text) => {
    const ids = queues.filter((x) => x.id === text || x.name.toLowerCase() === text.toLowerCase()).map((x) => x.id);
    if (ids.length > 0) return ids;
    throw new QueryInputError(
      noQueueMatches(
        text,
        queues.map((x) => x.name),
      ),
      'Give a queue id or its full name (any case); `ccpulse query genesys queues` lists them.',
    );
  });
}

const runCxoneReport: RunReport<'cxone'> = async (client, org, report, q) => {
  // CXone's reports carry agent ids alone; the Admin API's agent list names them.
  const agentNames = async () => new Map((await listCxoneAgents(client, org)).map((a) => [a.id, a.name]));
  switch (report) {
    case 'agents':
      return (await listCxoneAgents(client, org)).map((a) => ({
        vendor: 'cxone',
        org,
        agent_id: a.id,
        agent_name: a.name,
        email: a.email ?? null,
      }));
    case 'queue-intervals': {
      const { intervals, skills } = await skillSummaryWindow(client, org, q.from, q.to);
      const name = new Map(skills.map((x) => [x.id, x.name]));
      return intervals.map((i) => queueIntervalRow(i, name.get(i.queueId), q.zone));
    }
    case 'conversations': {
      const rows: Row[] = [];
      const agentName = await agentNames();
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
          rows.push(conversationRow(c, new Map(), agentName, q.zone));
        }
      }
      return rows;
    }
    case 'agent-intervals': {
      const [intervals, agentName] = await Promise.all([
        agentPerformanceIntervals(client, org, q.from, q.to),
        agentNames(),
      ]);
      return intervals.map((a) => ({
        ...period(a, q.zone),
        agent_id: a.agentId,
        agent_name: agentName.get(a.agentId) ?? null,
        handled: a.handled,
        aht_s: a.handled > 0 ? seconds(a.handleMs / a.handled) : null,
        talk_s: seconds(a.talkMs),
        hold_s: seconds(a.holdMs),
        acw_s: seconds(a.acwMs),
        handle_s: seconds(a.handleMs),
      }));
    }
    case 'service-levels':
      return (await skillServiceLevels(client, org, q.from, q.to)).map((l) => ({
        ...period(l, q.zone),
        queue_id: l.queueId,
        queue_name: l.queueName ?? null,
        within_sl: l.serviceLevelNumerator,
        sl_counted: l.serviceLevelDenominator,
        service_level: l.serviceLevelDenominator > 0 ? l.serviceLevelNumerator / l.serviceLevelDenominator : null,
      }));
    case 'team-performance':
      return (await teamPerformanceTotals(client, org, q.from, q.to)).map((t) => ({
        ...period(t, q.zone),
        team_id: t.teamId,
        handled: t.handled,
        talk_s: seconds(t.talkMs),
        hold_s: seconds(t.holdMs),
        acw_s: seconds(t.acwMs),
        handle_s: seconds(t.handleMs),
        refused: t.refused,
        login_s: t.loginMs === undefined ? null : seconds(t.loginMs),
      }));
    case 'interactions': {
      const wait = createWaitLine(process.stderr);
      const interactions = await extractInteractions(client, org, q.from, q.to, {
        onStage: (stage) => wait.stage(EXTRACTION_STAGE_TEXT[stage]),
      }).finally(() => wait.close());
      return interactions.map((i) => ({
        start_time: zonedIso(i.start, q.zone),
        vendor: 'cxone',
        org,
        conversation_id: i.contactId,
        queue_name: i.skillName,
        agent_id: i.agentId,
        agent_name: i.agentName,
        team_name: i.teamName,
        wrap_up_code: i.disposition,
      }));
    }
  }
};

const EXTRACTION_STAGE_TEXT: { readonly [S in ExtractionStage]: string } = {
  starting: 'CXone Data Extraction: starting the job (CXone allows one every 30 s)',
  running: 'CXone Data Extraction: job running, CXone is preparing the file',
  downloading: 'CXone Data Extraction: downloading the file',
};

/** Each vendor's reports; keyed by Vendor, so a new vendor must bring its own. */
const RUN_REPORT: { readonly [V in Vendor]: RunReport<V> } = { genesys: runGenesysReport, cxone: runCxoneReport };

/** A conversation in the columns of `report conversations`. */
function conversationRow(
  c: Conversation,
  queueName: ReadonlyMap<string, string>,
  agentName: ReadonlyMap<string, string>,
  zone: string,
): Row {
  const queueId = c.queueIds[0];
  const agentId = c.agentIds[0];
  return {
    start_time: zonedIso(c.start, zone),
    end_time: c.end === undefined ? null : zonedIso(c.end, zone),
    vendor: c.vendor,
    org: c.org,
    conversation_id: c.id,
    media_type: c.mediaType,
    direction: c.direction ?? null,
    queue_id: queueId ?? null,
    queue_name: (queueId && queueName.get(queueId)) ?? null,
    agent_id: agentId ?? null,
    agent_name: (agentId && agentName.get(agentId)) ?? null,
    answered: c.answered,
    abandoned: c.abandoned,
    wait_s: c.waitMs === undefined ? null : seconds(c.waitMs),
    handle_s: c.handleMs === undefined ? null : seconds(c.handleMs),
    wrap_up_code: c.wrapUpCode ?? null,
  };
}

const period = (x: { intervalStart: number; intervalEnd: number; vendor: string; org: string }, zone: string) => ({
  period_start: zonedIso(x.intervalStart, zone),
  period_end: zonedIso(x.intervalEnd, zone),
  vendor: x.vendor,
  org: x.org,
});

/** An interval in the columns of `report queues`. */
function queueIntervalRow(i: QueueInterval, name: string | undefined, zone: string): Row {
  return {
    ...period(i, zone),
    queue_id: i.queueId,
    queue_name: name ?? null,
    ...queueMeasures({
      offered: i.offered,
      answered: i.answered,
      abandoned: i.abandoned,
      transferred: i.transferred,
      withinSl: i.serviceLevelNumerator,
      slCounted: i.serviceLevelDenominator,
      answerWaitS: i.answerWaitMs / 1000,
      handleS: i.handleMs / 1000,
    }),
  };
}

function parseWindow(
  fromText: string | undefined,
  toText: string | undefined,
  zone: string,
  now: number,
): { from: number; to: number } {
  const { from, to } = resolvePeriod({ from: fromText, to: toText }, zone, now);
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

const seconds = (ms: number) => Math.round(ms) / 1000;
