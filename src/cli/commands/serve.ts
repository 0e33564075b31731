// `ccpulse serve`: the supervisor dashboard (backend-for-frontend). People sign in with their own
// vendor account; tokens stay on this server, the browser holds only a session cookie.
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadTokenKey } from '../../auth/index.js';
import { requireOrgs } from '../../config/index.js';
import { SharedTokenKeyMissingError } from '../../connect/index.js';
import { openRedisSessionStore, startDashboard } from '../../dashboard/index.js';
import { cliLogger, type GlobalOptions, loadCliConfig } from '../cli-config.js';
import { parsePortFlag, parseUrlFlag } from '../cli-input.js';
import { runCommand } from '../run-command.js';
import { waitForSignal } from '../wait-for-signal.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the supervisor dashboard (per-user login, live queue stats)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option(
      '--public-url <url>',
      'where browsers reach it (redirect URIs are <url>/callback/<vendor>); default: the listen URL',
    )
    .option(
      '--trust-proxy',
      'behind a reverse proxy: count per-client limits by the address the proxy appends to X-Forwarded-For',
    )
    .action((opts: { host: string; port: string; publicUrl?: string; trustProxy?: boolean }, command: Command) =>
      runCommand(async () => {
        const port = parsePortFlag('port', opts.port);
        const publicUrl = opts.publicUrl === undefined ? undefined : parseUrlFlag('public-url', opts.publicUrl);
        const config = loadCliConfig(command.optsWithGlobals<GlobalOptions>());
        requireOrgs(config);
        const logger = cliLogger(config);
        // REDIS_URL: every serve process behind one address shares sessions, so all must seal them
        // with one key (a key file in the data folder differs from host to host).
        if (config.redisUrl !== undefined && !config.tokenKey) throw new SharedTokenKeyMissingError();
        const sessionKey = loadTokenKey(config.tokenKey, join(config.dataDir, 'token.key'));
        const redis =
          config.redisUrl === undefined
            ? undefined
            : await openRedisSessionStore(config.redisUrl, { logger, prefix: config.redisPrefix });
        const dashboard = await startDashboard({
          host: opts.host,
          port,
          deps: {
            orgs: config.orgs,
            sessionKey,
            logger,
            limits: config.limits,
            trustProxy: opts.trustProxy ?? false,
            ...(redis ? { store: redis.store } : {}),
            ...(publicUrl ? { publicUrl } : {}),
          },
        }).catch(async (error: unknown) => {
          await redis?.close();
          throw error;
        });
        process.stdout.write(`Dashboard: ${dashboard.publicUrl}\n`);
        for (const org of config.orgs)
          process.stdout.write(
            `  register redirect URI ${dashboard.publicUrl}/callback/${org.vendor} on the ${org.vendor} OAuth client\n`,
          );
        if (redis)
          process.stdout.write('Sessions are kept in Redis (REDIS_URL), shared with every serve process using it.\n');
        process.stdout.write('Press Ctrl-C to stop.\n');
        await waitForSignal();
        await dashboard.close();
        await redis?.close();
      }),
    );
}
