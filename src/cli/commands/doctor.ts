// `ccpulse doctor [vendor]`: checks a real configuration step by step and prints what to fix for each
// failure. Exit code 1 when any check fails; never prints a secret (client ids masked).
import { Argument, type Command, Option } from 'commander';
import type { Vendor } from '../../config/index.js';
import { configuredVendors, formatJson, formatText, runDoctor, runStorageDoctor } from '../../doctor/index.js';
import { envFileOf, type GlobalOptions } from '../cli-config.js';
import { parseUrlFlag } from '../cli-input.js';
import { runCommand } from '../run-command.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the configuration step by step (.env, DNS, credentials, grants, permissions, redirect URIs, rate limit, clock, PostgreSQL, Redis) and say what to fix',
    )
    .addArgument(new Argument('[vendor]', 'which vendor (default: every configured one)').choices(['genesys', 'cxone']))
    .option('--org <name>', 'which configured org/tenant (when several)')
    .option('--public-url <url>', "also check the dashboard's redirect URI <url>/callback/<vendor>")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      (
        vendor: Vendor | undefined,
        opts: { org?: string; publicUrl?: string; format: 'text' | 'json' },
        command: Command,
      ) =>
        runCommand(async () => {
          const envFile = envFileOf(command.optsWithGlobals<GlobalOptions>());
          const common = { envFile, cwd: process.cwd(), env: process.env };
          const found = configuredVendors(common);
          const vendors: Vendor[] = vendor ? [vendor] : found.length > 0 ? found : ['genesys', 'cxone'];
          const reports = [];
          for (const v of vendors) {
            reports.push(
              await runDoctor({
                ...common,
                vendor: v,
                orgName: opts.org,
                publicUrl: opts.publicUrl === undefined ? undefined : parseUrlFlag('public-url', opts.publicUrl),
              }),
            );
          }
          const storage = await runStorageDoctor(common);
          process.stdout.write(opts.format === 'json' ? formatJson(reports, storage) : formatText(reports, storage));
          if (reports.some((r) => !r.ok) || !storage.ok) process.exitCode = 1;
        }),
    );
}
