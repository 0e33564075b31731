// Asks the vendor's authorize endpoint what it thinks of a client id and redirect URI, without
// signing anyone in: a login page (or a redirect to one) means both are accepted; an error shown at
// the vendor means the client or the redirect URI is refused; a redirect back to the URI carrying
// an error means the URI is registered but the client may not do what was asked (grant, scopes).
import { type AuthProfile, beginLogin, type OAuthClientCredentials } from '../auth/index.js';

export type AuthorizeOutcome =
  | { kind: 'accepted'; status: number }
  | { kind: 'redirected-error'; error: string; description: string | undefined }
  | { kind: 'refused'; status: number; error: string | undefined; description: string | undefined };

const PROBE_TIMEOUT_MS = 10_000;

export async function probeAuthorize(
  profile: AuthProfile,
  client: OAuthClientCredentials,
  redirectUri: string,
  scopes: string[],
): Promise<AuthorizeOutcome> {
  const { authorizationUrl } = await beginLogin(profile, client, { redirectUri, scopes });
  const response = await fetch(authorizationUrl, {
    redirect: 'manual',
    headers: { accept: 'application/json, text/html;q=0.9' },
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel();
    const target = new URL(location, authorizationUrl);
    const error = target.searchParams.get('error');
    if (error === null) return { kind: 'accepted', status: response.status };
    const description = target.searchParams.get('error_description') ?? undefined;
    return sameEndpoint(target, redirectUri)
      ? { kind: 'redirected-error', error, description }
      : { kind: 'refused', status: response.status, error, description };
  }
  const text = await response.text();
  if (response.ok) return { kind: 'accepted', status: response.status };
  const body = parseJson(text);
  return {
    kind: 'refused',
    status: response.status,
    error: typeof body?.error === 'string' ? body.error : undefined,
    description:
      typeof body?.error_description === 'string'
        ? body.error_description
        : typeof body?.description === 'string'
          ? body.description
          : text
              .replace(/<[^>]*>/g, ' ')
              .replace(/\s+/g, ' ')
              .trim()
              .slice(0, 200) || undefined,
  };
}

/** The vendor refused the redirect URI itself (as opposed to the client, the grant or the scopes). */
export function isRedirectRefusal(outcome: AuthorizeOutcome): boolean {
  return (
    outcome.kind === 'refused' &&
    (outcome.error === 'redirect_uri_mismatch' ||
      (outcome.error !== 'invalid_client' && /redirect/i.test(outcome.description ?? '')))
  );
}

/** The vendor does not know the client id at all. */
export function isUnknownClient(outcome: AuthorizeOutcome): boolean {
  return outcome.kind === 'refused' && outcome.error === 'invalid_client';
}

function sameEndpoint(target: URL, redirectUri: string): boolean {
  const registered = new URL(redirectUri);
  return target.origin === registered.origin && target.pathname === registered.pathname;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
