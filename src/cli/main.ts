// The `ccpulse` command: each subcommand is a thin shell over the modules it names.
import { Command, Option } from 'commander';
import { registerDaemon } from './commands/daemon.js';
import { registerDemo } from './commands/demo.js';
import { registerDoctor } from './commands/doctor.js';
import { registerEmulate } from './commands/emulate.js';
import { registerLogin } from './commands/login.js';
import { registerQuery } from './commands/query.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerToken } from './commands/token.js';

const program = new Command()
  .name('ccpulse')
  .description('Contact-center reporting for Genesys Cloud and NICE CXone')
  .option('--env <file>', 'read configuration from this .env file (default: ./.env if present)')
  // The older spelling still works when the file exists; Node 20 itself stops on a missing
  // --env-file anywhere on its command line ("node: FILE: not found") before ccpulse can say more.
  .addOption(new Option('--env-file <file>', 'same as --env').hideHelp())
  .showHelpAfterError();

registerDaemon(program);
registerDemo(program);
registerDoctor(program);
registerEmulate(program);
registerToken(program);
registerLogin(program);
registerQuery(program);
registerServe(program);
registerSync(program);

await program.parseAsync(process.argv);
