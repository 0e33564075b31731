// `ccpulse demo`: everything on this machine with no vendor account — the Genesys Cloud and CXone
// emulators, the daemon's grants on both, yesterday's queue report and live queue numbers that
// refresh until Ctrl-C. Writes .env.emulator so other commands (login, query) can join in.
import { chmodSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createDaemonTokenManager } from '../../auth/index.js';
import { findOrg, parseConfig } from '../../config/index.js';
import { redactToken } from '../../core/index.js';
import { startEmulator } from '../../emulator/index.js';
import { connectGenesys } from '../../vendors/genesys/index.js';
import { formatRows } from '../format-rows.js';
import { runCommand } from '../run-command.js';
import { waitForSignal } from './emulate.js';
import { runGenesysReport } from './query.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run ccpulse end to end against local emulators of both vendors (no account needed)')
    .option('--seed <n>', 'seed for the emulated org and its traffic', '1')
    .option('--refresh <seconds>', 'how often to refresh the live numbers', '10')
    .option('--once', 'print one round and exit (for scripts and CI)')
    .action((opts: { seed: string; refresh: string; once?: boolean }) =>
      runCommand(async () => {
        const out = (text: string) => process.stdout.write(text);
        const emulator = await startEmulator({ seed: Number(opts.seed), genesysPort: 0, cxonePort: 0 });
        try {
          const env = emulator.env();
          writeFileSync(
            '.env.emulator',
            `${Object.entries(env)
              .map(([k, v]) => `${k}=${v}`)
              .join('\n')}\n`,
            { mode: 0o600 },
          );
          chmodSync('.env.emulator', 0o600);
          const config = parseConfig(env);
          const genesys = findOrg(config, 'genesys');
          const cxone = findOrg(config, 'cxone');
          out(`ccpulse demo — emulated Genesys Cloud at ${emulator.genesysUrl}, CXone at ${emulator.cxoneUrl}\n`);
          out('Wrote .env.emulator (0600): use it with --env-file .env.emulator in another terminal.\n\n');

          const gToken = await createDaemonTokenManager(genesys).current();
          const cToken = await createDaemonTokenManager(cxone).current();
          out('Reporting daemon credentials:\n');
          out(
            `  Genesys Cloud  client credentials  token ${redactToken(gToken.accessToken.reveal())}  expires ${new Date(gToken.expiresAt).toISOString()}\n`,
          );
          out(
            `  CXone          ${cxone.daemonGrant.padEnd(18)}  token ${redactToken(cToken.accessToken.reveal())}  expires ${new Date(cToken.expiresAt).toISOString()}\n\n`,
          );

          const client = connectGenesys(genesys);
          const day = 86_400_000;
          const yesterday = Math.floor(Date.now() / day) * day - day;
          out(
            `Yesterday (${new Date(yesterday).toISOString().slice(0, 10)}) per queue, from Genesys analytics aggregates:\n`,
          );
          out(
            formatRows(
              await runGenesysReport(client, genesys.name, 'queue-intervals', {
                from: yesterday,
                to: yesterday + day,
                granularity: 'P1D',
              }),
              'table',
            ),
          );

          const people = emulator.org.users.filter((u) => u.role !== 'agent');
          out(`\nSupervisors to sign in as (password demo-<name>): ${people.map((u) => u.username).join(', ')}\n`);
          out(
            '  npx ccpulse login genesys --env-file .env.emulator   (Authorization Code + PKCE, in your browser)\n\n',
          );

          const live = async () => {
            out(`Live queues at ${new Date().toISOString()} (queue observations):\n`);
            out(
              formatRows(
                await runGenesysReport(client, genesys.name, 'live', { from: 0, to: 0, granularity: 'PT1H' }),
                'table',
              ),
            );
          };
          await live();
          if (opts.once) return;
          out(`\nRefreshing every ${opts.refresh} s. Press Ctrl-C to stop.\n`);
          const timer = setInterval(() => {
            live().catch((error: unknown) =>
              out(`live refresh failed: ${error instanceof Error ? error.message : String(error)}\n`),
            );
          }, Number(opts.refresh) * 1000);
          await waitForSignal();
          clearInterval(timer);
          out('\nStopped.\n');
        } finally {
          await emulator.close();
        }
      }),
    );
}
