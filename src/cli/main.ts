// The `ccpulse` command: each subcommand is a thin shell over the modules it names, loaded only when
// it runs, so `ccpulse --help` or a mistyped command costs commander and this file, nothing else.
import { readFileSync } from 'node:fs';
import { Command, Help, Option } from 'commander';
import { COMMANDS, commandNamed } from './command-table.js';

// The same relative path from src/cli and dist/cli.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('ccpulse')
  .version(version, '-V, --version', 'print the version of ccpulse')
  .description('Contact-center reporting for Genesys Cloud and NICE CXone')
  .option('--env <file>', 'read configuration from this .env file (default: ./.env if present)')
  // The older spelling still works when the file exists; Node 20 itself stops on a missing
  // --env-file anywhere on its command line ("node: FILE: not found") before ccpulse can say more.
  .addOption(new Option('--env-file <file>', 'same as --env').hideHelp())
  .option(
    '--log-format <format>',
    'json or pretty (default: pretty on a terminal, json when piped; CCPULSE_LOG_FORMAT)',
  )
  .showHelpAfterError()
  // A mistyped command line is a usage error: exit 2 like every other configuration error (help: 0).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

const named = commandNamed(process.argv.slice(2));
if (named) {
  (await named.load())(program);
  const examples = named.examples.map((line) => `  $ ${line}`).join('\n');
  program.commands.find((c) => c.name() === named.name)?.addHelpText('after', `\nExamples:\n${examples}`);
} else {
  // Only the listing is needed (help, no command, an unknown one): names and descriptions from the table.
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? help.subcommandTerm(cmd) });
  for (const c of COMMANDS) program.command(c.name).description(c.description);
}

await program.parseAsync(process.argv);
