// `ccpulse login`: the Authorization Code + PKCE flow for a person at a terminal. Listens on the
// redirect URI's loopback port, sends the person to the vendor, and finishes on the callback.
import { createServer } from 'node:http';
import { CcpulseError, type Clock, isLoopbackHttpUrl, systemClock } from '../core/index.js';
import type { AuthProfile } from './auth-profile.js';
import { beginLogin, completeLogin } from './authorization-code.js';
import type { OAuthClientCredentials } from './grants.js';
import type { TokenSet } from './token-set.js';

export class LoopbackRedirectError extends CcpulseError {
  constructor(redirectUri: string) {
    super(
      'REDIRECT_NOT_LOOPBACK',
      `The redirect URI '${redirectUri}' is not a loopback http URL, so this terminal cannot receive the callback`,
      'For `ccpulse login`, register and set a redirect URI like http://127.0.0.1:8765/callback (GENESYS_REDIRECT_URI / CXONE_REDIRECT_URI).',
    );
  }
}

export class LoginTimeoutError extends CcpulseError {
  constructor(seconds: number) {
    super(
      'LOGIN_TIMEOUT',
      `No login callback arrived within ${seconds} s`,
      'Run `ccpulse login` again and finish signing in in the browser.',
    );
  }
}

export class LoopbackPortInUseError extends CcpulseError {
  constructor(redirectUri: string, options?: { cause?: unknown }) {
    super(
      'REDIRECT_PORT_IN_USE',
      `Cannot listen for the login callback at '${redirectUri}': the port is in use`,
      'Stop the other `ccpulse login` (or whatever holds that port), or register another loopback redirect URI and set GENESYS_REDIRECT_URI / CXONE_REDIRECT_URI to it.',
      options,
    );
  }
}

interface LoopbackLoginOptions {
  profile: AuthProfile;
  client: OAuthClientCredentials & { idVar: string; secretVar: string };
  redirectUri: string;
  scopes: string[];
  /** Called with the URL to open; the CLI opens a browser or prints it. */
  onAuthorizationUrl(url: URL): void;
  timeoutMs?: number;
  clock?: Clock;
}

export async function loopbackLogin(options: LoopbackLoginOptions): Promise<TokenSet> {
  const redirect = new URL(options.redirectUri);
  if (!isLoopbackHttpUrl(redirect)) {
    throw new LoopbackRedirectError(options.redirectUri);
  }
  const { authorizationUrl, loginState } = await beginLogin(options.profile, options.client, {
    redirectUri: options.redirectUri,
    scopes: options.scopes,
    clock: options.clock,
  });
  let settle: { resolve(t: TokenSet): void; reject(e: unknown): void } | undefined;
  const result = new Promise<TokenSet>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let used = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', options.redirectUri);
    if (url.pathname !== redirect.pathname || used) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    used = true;
    completeLogin(options.profile, options.client, loginState, url, { clock: options.clock }).then(
      (tokens) => {
        res.writeHead(200, { 'content-type': 'text/html', 'referrer-policy': 'no-referrer' });
        // Settle once the page is sent: settling closes the listener and would cut the browser off.
        res.end(
          '<!doctype html><title>ccpulse</title><p>Signed in. You can close this window and return to the terminal.</p>',
          () => settle?.resolve(tokens),
        );
      },
      (error: unknown) => {
        res.writeHead(400, { 'content-type': 'text/html', 'referrer-policy': 'no-referrer' });
        res.end('<!doctype html><title>ccpulse</title><p>Sign-in failed. See the terminal for what to fix.</p>', () =>
          settle?.reject(error),
        );
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LoopbackPortInUseError(options.redirectUri, { cause: error }) : error),
    );
    server.listen(Number(redirect.port || 80), redirect.hostname.replace(/^\[|\]$/g, ''), () => resolve());
  });
  options.onAuthorizationUrl(authorizationUrl);
  const timeoutMs = options.timeoutMs ?? 300_000;
  // On the injected clock, so the timeout is testable without waiting for it.
  const stopTimer = new AbortController();
  (options.clock ?? systemClock).sleep(timeoutMs, stopTimer.signal).then(
    () => settle?.reject(new LoginTimeoutError(Math.round(timeoutMs / 1000))),
    () => undefined,
  );
  try {
    return await result;
  } finally {
    stopTimer.abort();
    server.close();
    server.closeAllConnections();
  }
}
