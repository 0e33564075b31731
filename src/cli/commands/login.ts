// `ccpulse login <vendor>`: Authorization Code + PKCE for the person at the terminal, on the
// redirect URI's loopback port; shows who signed in and the token's expiry (redacted).
import { spawn } from 'node:child_process';
import { Argument, type Command } from 'commander';
import { authCodeClient, loopbackLogin, profileFor, revokeTokens } from '../../auth/index.js';
import { ConfigError, envVar, findOrg, type Vendor } from '../../config/index.js';
import { redactToken } from '../../core/index.js';
import { type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { runCommand } from '../run-command.js';

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('sign in as yourself (Authorization Code + PKCE) and show what the token allows')
    .addArgument(new Argument('<vendor>', 'which vendor').choices(['genesys', 'cxone']))
    .option('--org <name>', 'which configured org/tenant (when several)')
    .option('--no-browser', 'print the URL instead of opening a browser')
    .option('--keep', 'do not revoke the token when done (it is never printed or saved here)')
    .action((vendor: Vendor, opts: { org?: string; browser: boolean; keep?: boolean }, command: Command) =>
      runCommand(async () => {
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        const org = findOrg(config, vendor, opts.org);
        const variable = envVar(vendor, 'REDIRECT_URI');
        if (!org.redirectUri) {
          throw new ConfigError(
            [
              `${variable} is missing. Example: ${variable}=http://127.0.0.1:8765/callback (registered on the OAuth client)`,
            ],
            'configuration',
          );
        }
        const profile = await profileFor(org);
        const client = authCodeClient(org);
        const tokens = await loopbackLogin({
          profile,
          client,
          redirectUri: org.redirectUri,
          scopes: org.scopes,
          onAuthorizationUrl: (url) => {
            process.stdout.write(`Sign in here: ${url}\n`);
            if (opts.browser) openBrowser(url);
          },
        });
        process.stdout.write(
          `Signed in to ${vendor}.\n  token:   ${redactToken(tokens.accessToken.reveal())}\n  expires: ${new Date(tokens.expiresAt).toISOString()}\n  scopes:  ${tokens.scopes.join(' ') || '(as granted)'}\n  refresh: ${tokens.refreshToken ? 'yes' : 'no'}\n`,
        );
        if (!opts.keep) {
          const revoked = await revokeTokens(profile, client, tokens);
          process.stdout.write(
            revoked ? 'Token revoked (nothing was stored).\n' : 'Could not revoke the token; it expires on its own.\n',
          );
        }
      }),
    );
}

function openBrowser(url: URL): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url.toString()], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write('(no browser could be opened: open the URL above yourself)\n'));
  child.unref();
}
