// `ccpulse token <vendor>`: gets the daemon's token (Client Credentials, or a CXone access key) and
// prints which grant was used, a redacted prefix and the expiry — never the token itself.
import { Argument, type Command } from 'commander';
import { profileFor } from '../../auth/index.js';
import { findOrg, type Vendor } from '../../config/index.js';
import { createRuntime, daemonTokens } from '../../connect/index.js';
import { redactToken } from '../../core/index.js';
import { type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { runCommand } from '../run-command.js';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description("get the reporting daemon's token (Client Credentials / CXone access key) and show its expiry")
    .addArgument(new Argument('<vendor>', 'which vendor').choices(['genesys', 'cxone']))
    .option('--org <name>', 'which configured org/tenant (when several)')
    .action((vendor: Vendor, opts: { org?: string }, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        const org = findOrg(config, vendor, opts.org);
        const runtime = createRuntime({ limits: config.limits });
        const token = await daemonTokens(org, runtime).current();
        const { issuer } = (await profileFor(org, { timeoutMs: runtime.limits.requestTimeoutMs })).as;
        const lifetime = Math.round((token.expiresAt - token.issuedAt) / 1000);
        process.stdout.write(
          [
            `vendor:     ${vendor} (${issuer})`,
            `grant:      ${org.daemonGrant} — ${org.daemonGrantReason}`,
            `token:      ${redactToken(token.accessToken.reveal())}`,
            `expires:    ${new Date(token.expiresAt).toISOString()} (lifetime ${lifetime} s)`,
            `refresh at: ${new Date(token.refreshAt).toISOString()}`,
            '',
          ].join('\n'),
        );
      }),
    );
}
