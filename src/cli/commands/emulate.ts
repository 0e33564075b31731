// `ccpulse emulate`: starts local Genesys Cloud and CXone servers and writes the .env that points
// ccpulse at them. Secrets go to the file (mode 0600), never to the terminal.
import type { Command } from 'commander';
import { redactToken } from '../../core/index.js';
import { startEmulator } from '../../emulator/index.js';
import { CliInputError, parseIntegerFlag, parsePortFlag } from '../cli-input.js';
import { liveEmulatorOf, writeEnvFile } from '../emulator-env-file.js';
import { runCommand } from '../run-command.js';
import { waitForSignal } from '../wait-for-signal.js';

const SECRET_NAME = /SECRET|KEY_SECRET/;

export function registerEmulate(program: Command): void {
  program
    .command('emulate')
    .description('start local Genesys Cloud + CXone emulators and write the .env that points at them')
    .option('--seed <n>', 'seed for the org, users and traffic', '1')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--genesys-port <port>', 'Genesys server port (0 = any free port)', '4010')
    .option('--cxone-port <port>', 'CXone server port (0 = any free port)', '4020')
    .option('--write-env <file>', 'where to write the .env for this emulator', '.env.emulator')
    .action((opts: { seed: string; host: string; genesysPort: string; cxonePort: string; writeEnv: string }) =>
      runCommand(async () => {
        const seed = parseIntegerFlag('seed', opts.seed);
        const running = await liveEmulatorOf(opts.writeEnv);
        if (running)
          throw new CliInputError(
            `${opts.writeEnv} belongs to an emulator still running at ${running}`,
            `Stop that one first, or give this one its own file: --write-env .env.emulator2 (and --env .env.emulator2 in the commands that use it).`,
          );
        const emulator = await startEmulator({
          seed,
          host: opts.host,
          genesysPort: parsePortFlag('genesys-port', opts.genesysPort),
          cxonePort: parsePortFlag('cxone-port', opts.cxonePort),
        });
        const env = emulator.env();
        writeEnvFile(opts.writeEnv, env, `ccpulse emulator (seed ${seed})`);
        process.stdout.write(
          `Genesys Cloud emulator: ${emulator.genesysUrl}\nCXone emulator:         ${emulator.cxoneUrl}\n\n`,
        );
        process.stdout.write(`Wrote ${opts.writeEnv} (mode 0600):\n`);
        for (const [k, v] of Object.entries(env)) {
          process.stdout.write(`  ${k}=${SECRET_NAME.test(k) ? redactToken(v) : v}\n`);
        }
        process.stdout.write(`\nUse it with: npx ccpulse token genesys --env ${opts.writeEnv}\n`);
        process.stdout.write('Seeded users (password demo-<username>): ');
        process.stdout.write(
          `${emulator.org.users
            .filter((u) => u.role !== 'agent')
            .map((u) => u.username)
            .join(', ')}\n`,
        );
        process.stdout.write('Press Ctrl-C to stop.\n');
        await waitForSignal();
        await emulator.close();
      }),
    );
}
