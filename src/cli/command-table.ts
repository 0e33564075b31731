// Every `ccpulse` command by name, with what `ccpulse --help` lists for it and how to load it. A
// command's module (and everything it imports: drivers, the emulator, the dashboard) is loaded only
// when that command runs or its own help is asked for; a test checks the listing matches each module.
import type { Command } from 'commander';

interface CommandEntry {
  name: string;
  /** The command's line in the top-level help: name, `[options]` and its arguments. */
  term: string;
  description: string;
  /** Command lines shown under `Examples:` in the command's own --help. */
  examples: readonly string[];
  /** Registers the real command (options, arguments, action) on the program. */
  load(): Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'daemon',
    term: 'daemon [options]',
    description: 'sync every configured org on a schedule, with /healthz and /metrics (Prometheus)',
    examples: [
      'ccpulse daemon                                  # every org, default schedule, /healthz on 127.0.0.1:9464',
      "ccpulse daemon --schedule 'conversations=2m,directory=1h' --metrics-host 0.0.0.0",
      'ccpulse --env /etc/ccpulse/.env --log-format json daemon   # under systemd or Docker',
    ],
    load: async () => (await import('./commands/daemon.js')).registerDaemon,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run emulators of both vendors, the sync daemon and the dashboard on this machine (no account needed)',
    examples: [
      'ccpulse demo                     # emulators + daemon + dashboard on http://127.0.0.1:8080',
      'ccpulse demo --once --port 0     # one full sync, print the report, stop (CI)',
    ],
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    name: 'doctor',
    term: 'doctor [options] [vendor]',
    description:
      'check the configuration step by step (.env, DNS, credentials, grants, permissions, redirect URIs, rate limit, clock, PostgreSQL, Redis) and say what to fix',
    examples: [
      'ccpulse doctor                   # every configured vendor',
      'ccpulse doctor genesys --public-url https://reports.example.com',
      'ccpulse doctor cxone --format json',
    ],
    load: async () => (await import('./commands/doctor.js')).registerDoctor,
  },
  {
    name: 'emulate',
    term: 'emulate [options]',
    description: 'start local Genesys Cloud + CXone emulators and write the .env that points at them',
    examples: [
      'ccpulse emulate                  # Genesys on :4010, CXone on :4020, writes .env.emulator',
      'ccpulse emulate --genesys-port 0 --cxone-port 0 --write-env .env.e2e   # free ports, own file',
    ],
    load: async () => (await import('./commands/emulate.js')).registerEmulate,
  },
  {
    name: 'export',
    term: 'export [options] <relation>',
    description: 'stream a table or view as CSV or JSON Lines, from a watermark, for warehouse loaders',
    examples: [
      'ccpulse export v_conversations --format jsonl > conversations.jsonl   # everything; prints the next watermark',
      'ccpulse export v_queue_intervals --since 1764547200000 > increment.csv',
      'ccpulse export v_conversations --watermark-file state/conv.wm --format jsonl >> load.jsonl   # cron-friendly',
    ],
    load: async () => (await import('./commands/export.js')).registerExport,
  },
  {
    name: 'token',
    term: 'token [options] <vendor>',
    description: "get the reporting daemon's token (Client Credentials / CXone access key) and show its expiry",
    examples: ['ccpulse token genesys', 'ccpulse token cxone --org emea   # a named org (CXONE_ORGS=emea)'],
    load: async () => (await import('./commands/token.js')).registerToken,
  },
  {
    name: 'login',
    term: 'login [options] <vendor>',
    description: 'sign in as yourself (Authorization Code + PKCE) and show what the token allows',
    examples: [
      'ccpulse login genesys            # opens the browser, prints who you are and what the token allows',
      'ccpulse login cxone --no-browser # print the sign-in URL instead',
    ],
    load: async () => (await import('./commands/login.js')).registerLogin,
  },
  {
    name: 'query',
    term: 'query [options] <vendor> <report>',
    description: 'run one report and print its rows',
    examples: [
      'ccpulse query genesys queue-intervals --from 2026-11-24 --granularity PT30M',
      'ccpulse query genesys conversations --from 2026-11-24T08:00:00Z --to 2026-11-24T12:00:00Z --format csv',
      'ccpulse query cxone interactions --from 2026-10-01 --to 2026-10-02   # Data Extraction job',
    ],
    load: async () => (await import('./commands/query.js')).registerQuery,
  },
  {
    name: 'report',
    term: 'report [options] <report>',
    description: 'a report from the synced database, in your time zone, with how fresh the data is',
    examples: [
      'ccpulse report queues                              # yesterday per queue, in the system zone',
      "ccpulse report service-levels --period last-7-days --tz Europe/Berlin --queue 'Support'",
      'ccpulse report agents --from 2026-03-01 --to 2026-04-01 --by week --format csv > agents.csv',
    ],
    load: async () => (await import('./commands/report.js')).registerReport,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'run the supervisor dashboard (per-user login, live queue stats)',
    examples: [
      'ccpulse serve                                     # http://127.0.0.1:8080',
      'ccpulse serve --host 0.0.0.0 --public-url https://reports.example.com --trust-proxy',
    ],
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'sync',
    term: 'sync [options]',
    description: 'sync analytics into the database (checkpointed, incremental, resumable)',
    examples: [
      'ccpulse sync --once                               # every stream of every org, then exit',
      'ccpulse sync --once --from 2026-11-01 --until 2026-11-08   # a bounded backfill',
      'ccpulse --log-format json sync --once 2> sync.log',
    ],
    load: async () => (await import('./commands/sync.js')).registerSync,
  },
];

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['--env', '--env-file', '--log-format']);

/** The command an argument list names (`help <command>` included), if it names a known one. */
export function commandNamed(args: readonly string[]): CommandEntry | undefined {
  let word: string | undefined;
  let afterHelp = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg === 'help' && !afterHelp) {
      afterHelp = true;
      continue;
    }
    word = arg;
    break;
  }
  return COMMANDS.find((c) => c.name === word);
}
