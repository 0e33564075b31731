// Every `ccpulse` command by name, with what `ccpulse --help` lists for it and how to load it. A
// command's module (and everything it imports: drivers, the emulator, the dashboard) is loaded only
// when that command runs or its own help is asked for; a test checks the listing matches each module.
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** The command's line in the top-level help: name, `[options]` and its arguments. */
  term: string;
  description: string;
  /** Registers the real command (options, arguments, action) on the program. */
  load(): Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'daemon',
    term: 'daemon [options]',
    description: 'sync every configured org on a schedule, with /healthz and /metrics (Prometheus)',
    load: async () => (await import('./commands/daemon.js')).registerDaemon,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run emulators of both vendors, the sync daemon and the dashboard on this machine (no account needed)',
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    name: 'doctor',
    term: 'doctor [options] [vendor]',
    description:
      'check the configuration step by step (.env, DNS, credentials, grants, permissions, redirect URIs, rate limit, clock) and say what to fix',
    load: async () => (await import('./commands/doctor.js')).registerDoctor,
  },
  {
    name: 'emulate',
    term: 'emulate [options]',
    description: 'start local Genesys Cloud + CXone emulators and write the .env that points at them',
    load: async () => (await import('./commands/emulate.js')).registerEmulate,
  },
  {
    name: 'token',
    term: 'token [options] <vendor>',
    description: "get the reporting daemon's token (Client Credentials / CXone access key) and show its expiry",
    load: async () => (await import('./commands/token.js')).registerToken,
  },
  {
    name: 'login',
    term: 'login [options] <vendor>',
    description: 'sign in as yourself (Authorization Code + PKCE) and show what the token allows',
    load: async () => (await import('./commands/login.js')).registerLogin,
  },
  {
    name: 'query',
    term: 'query [options] <vendor> <report>',
    description: 'run one report and print its rows',
    load: async () => (await import('./commands/query.js')).registerQuery,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'run the supervisor dashboard (per-user login, live queue stats)',
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'sync',
    term: 'sync [options]',
    description: 'sync analytics into the database (checkpointed, incremental, resumable)',
    load: async () => (await import('./commands/sync.js')).registerSync,
  },
];

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['--env', '--env-file']);

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
