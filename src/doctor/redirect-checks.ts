// Is each redirect URI registered exactly on the Authorization Code client (the one `ccpulse login`
// uses from *_REDIRECT_URI, and the dashboard's <public-url>/callback/<vendor>), and may that client
// use the code grant with the configured scopes? On a mismatch the usual near misses (trailing
// slash, localhost vs 127.0.0.1, http vs https) are asked too, so the registered URI can be shown
// next to the configured one.
import {
  type AuthProfile,
  authCodeClient,
  type CredentialContext,
  InvalidClientError,
  InvalidScopeError,
  UnauthorizedClientError,
} from '../auth/index.js';
import { envVar, type OrgConfig } from '../config/index.js';
import { describeNetworkError, redactToken } from '../core/index.js';
import { type AuthorizeOutcome, isRedirectRefusal, isUnknownClient, probeAuthorize } from './authorize-probe.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

interface RedirectTarget {
  /** `login` (from *_REDIRECT_URI) or `dashboard` (from --public-url). */
  use: 'login' | 'dashboard';
  uri: string;
}

const LOGIN_CLIENT = 'login client';

export function redirectTargets(org: OrgConfig, publicUrl: string | undefined): RedirectTarget[] {
  const targets: RedirectTarget[] = [];
  if (org.redirectUri) targets.push({ use: 'login', uri: org.redirectUri });
  if (publicUrl) targets.push({ use: 'dashboard', uri: `${publicUrl.replace(/\/+$/, '')}/callback/${org.vendor}` });
  return targets;
}

export async function checkRedirects(
  org: OrgConfig,
  profile: AuthProfile,
  targets: RedirectTarget[],
): Promise<CheckResult[]> {
  const variable = envVar(org.vendor, 'REDIRECT_URI');
  if (targets.length === 0) {
    return [
      skipped(
        'redirect:login',
        'redirect URI',
        `${variable} is not set (\`ccpulse login\` needs it); --public-url checks the dashboard's`,
      ),
      skipped('login-client', LOGIN_CLIENT, 'needs a redirect URI to ask the authorize endpoint with'),
    ];
  }
  const client = authCodeClient(org);
  const masked = `${client.idVar} (${redactToken(client.clientId)})`;
  const checks: CheckResult[] = [];
  let clientCheck: CheckResult | undefined;
  for (const target of targets) {
    const id = `redirect:${target.use}`;
    const title = `redirect URI (${target.use})`;
    let outcome: AuthorizeOutcome;
    try {
      outcome = await probeAuthorize(profile, client, target.uri, org.scopes);
    } catch (error) {
      checks.push(
        failed(
          id,
          title,
          `the authorize endpoint did not answer (${describeNetworkError(error)})`,
          "Check the network path to the vendor's login host.",
        ),
      );
      continue;
    }
    if (isUnknownClient(outcome)) {
      const ctx = contextOf(org, client, profile);
      const error = new InvalidClientError(ctx, detailOf(outcome, client.clientId));
      checks.push(failed(id, title, `could not be checked: ${error.message}`, `${error.hint} (${masked})`));
      clientCheck ??= failed('login-client', LOGIN_CLIENT, error.message, `${error.hint} (${masked})`);
      continue;
    }
    if (isRedirectRefusal(outcome)) {
      checks.push(await mismatch(org, profile, target, variable, masked, detailOf(outcome, client.clientId)));
      continue;
    }
    checks.push(passed(id, title, `${target.uri} is registered on ${masked}`));
    clientCheck ??= loginClientCheck(org, profile, client, masked, outcome);
  }
  return [...checks, clientCheck ?? skipped('login-client', LOGIN_CLIENT, 'needs a registered redirect URI')];
}

function loginClientCheck(
  org: OrgConfig,
  profile: AuthProfile,
  client: ReturnType<typeof authCodeClient>,
  masked: string,
  outcome: AuthorizeOutcome,
): CheckResult {
  const scopes = org.scopes.join(' ') || '(none)';
  if (outcome.kind !== 'redirected-error') {
    return passed(
      'login-client',
      LOGIN_CLIENT,
      `${masked} may start an authorization code login with scopes ${scopes}`,
    );
  }
  const ctx = contextOf(org, client, profile);
  const detail = detailOf(outcome, client.clientId);
  const error =
    outcome.error === 'unauthorized_client'
      ? new UnauthorizedClientError(ctx, detail)
      : outcome.error === 'invalid_scope'
        ? new InvalidScopeError(ctx, detail)
        : undefined;
  if (error) return failed('login-client', LOGIN_CLIENT, error.message, error.hint);
  return failed(
    'login-client',
    LOGIN_CLIENT,
    `the authorize endpoint refused a login for ${masked} (${detail})`,
    "Read the vendor's error above and fix the OAuth client in the admin console.",
  );
}

async function mismatch(
  org: OrgConfig,
  profile: AuthProfile,
  target: RedirectTarget,
  variable: string,
  masked: string,
  detail: string,
): Promise<CheckResult> {
  const client = authCodeClient(org);
  let registered: string | undefined;
  for (const candidate of nearMisses(target.uri)) {
    const outcome = await probeAuthorize(profile, client, candidate, org.scopes).catch(() => undefined);
    if (outcome && !isRedirectRefusal(outcome) && !isUnknownClient(outcome)) {
      registered = candidate;
      break;
    }
  }
  const id = `redirect:${target.use}`;
  const title = `redirect URI (${target.use})`;
  const label = target.use === 'login' ? variable : '--public-url';
  const evidence = [`configured  ${target.uri}`];
  if (registered) {
    evidence.push(
      `registered  ${registered}`,
      `${' '.repeat(12 + firstDifference(target.uri, registered))}^ first difference`,
    );
  } else {
    evidence.push('registered  (none of the near misses either: trailing slash, localhost/127.0.0.1, http/https)');
  }
  const fix = registered
    ? target.use === 'login'
      ? `Set ${variable}=${registered}, or register exactly '${target.uri}' on ${masked}.`
      : `Start the dashboard with --public-url ${registered.replace(/\/callback\/[a-z]+$/, '')}, or register exactly '${target.uri}' on ${masked}.`
    : `Register exactly '${target.uri}' on ${masked} (scheme, host, port, path and trailing slash must match), or set ${label} to match the URI registered there.`;
  return failed(id, title, `${target.uri} is not registered on ${masked} (${detail})`, fix, {
    evidence,
    data: { configured: target.uri, registered: registered ?? null },
  });
}

/** The mistakes people make most with redirect URIs, each one edit away from the configured one. */
function nearMisses(uri: string): string[] {
  const [base = uri, query] = uri.split(/(?=\?)/, 2);
  const withQuery = (b: string) => (query ? b + query : b);
  const out = [withQuery(base.endsWith('/') ? base.slice(0, -1) : `${base}/`)];
  if (/^https?:\/\/localhost[:/]/.test(uri)) out.push(uri.replace('//localhost', '//127.0.0.1'));
  if (/^https?:\/\/127\.0\.0\.1[:/]/.test(uri)) out.push(uri.replace('//127.0.0.1', '//localhost'));
  out.push(uri.startsWith('https:') ? uri.replace(/^https:/, 'http:') : uri.replace(/^http:/, 'https:'));
  return out.filter((candidate) => candidate !== uri);
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function contextOf(org: OrgConfig, client: ReturnType<typeof authCodeClient>, profile: AuthProfile): CredentialContext {
  return {
    vendor: org.vendor,
    clientIdVar: client.idVar,
    clientSecretVar: client.secretVar,
    grant: 'authorization code',
    tokenUrl: String(profile.as.token_endpoint),
  };
}

/** The vendor's words, with the client id masked where it echoes it. */
function detailOf(outcome: AuthorizeOutcome, clientId: string): string {
  if (outcome.kind === 'accepted') return `HTTP ${outcome.status}`;
  const code = outcome.error ?? (outcome.kind === 'refused' ? `HTTP ${outcome.status}` : 'error');
  const text = outcome.description ? `${code}: ${outcome.description}` : code;
  return text.replaceAll(clientId, redactToken(clientId));
}
