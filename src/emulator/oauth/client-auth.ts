// Reads client credentials from a token request: HTTP Basic (RFC 6749 §2.3.1: each part
// form-urlencoded before base64, as oauth4webapi sends them) or client_secret_post.
import type { SeedOAuthClient } from '../seed-org.js';

type ClientAuthResult =
  | { ok: true; client: SeedOAuthClient }
  | { ok: false; error: 'invalid_client'; description: string };

export function authenticateClient(
  clients: readonly SeedOAuthClient[],
  authorization: string | undefined,
  form: URLSearchParams,
): ClientAuthResult {
  let id: string | undefined;
  let secret: string | undefined;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, error: 'invalid_client', description: 'Malformed Basic authorization header' };
    id = decodeFormComponent(decoded.slice(0, colon));
    secret = decodeFormComponent(decoded.slice(colon + 1));
  } else {
    id = form.get('client_id') ?? undefined;
    secret = form.get('client_secret') ?? undefined;
  }
  if (!id) return { ok: false, error: 'invalid_client', description: 'client authentication is required' };
  const client = clients.find((c) => c.id === id);
  if (!client || secret === undefined || !timingSafeEqualString(secret, client.secret)) {
    return { ok: false, error: 'invalid_client', description: 'client not found or bad client credentials' };
  }
  return { ok: true, client };
}

function decodeFormComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
