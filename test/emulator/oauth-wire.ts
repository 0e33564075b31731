// Raw-HTTP helpers for the emulator OAuth tests: token POSTs with Basic or post client auth, PKCE
// pairs and authorize URLs, so the tests see exactly the bytes a client would send and get back.
import { createHash, randomBytes } from 'node:crypto';

interface WireResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined and base64-encoded. */
export function basicAuth(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  authorization?: string,
): Promise<WireResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(fields),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

export async function getJson(url: string, token?: string, method = 'GET'): Promise<WireResponse> {
  const response = await fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(base: string, path: string, params: Record<string, string>): URL {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}

/** The claims of a JWT, unverified (verification is tested separately against the JWKS). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}
