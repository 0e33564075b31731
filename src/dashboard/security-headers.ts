// Headers on every response: a CSP that allows only the app's own script and stylesheet (no inline
// script or style at all), no framing, no sniffing, and no caching of pages that show a user's data.
// No referrer at all from the sign-in routes (the callback URL carries a code); elsewhere only to
// this origin — `no-referrer` there would make Chromium send `Origin: null` on the sign-out form,
// hiding the origin the CSRF check reads.
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

type HeaderRecord = Readonly<Record<string, string>>;

/** The headers for a request path: built once per referrer policy, not per response. */
export type SecurityHeadersFor = (path: string) => HeaderRecord;

export function securityHeadersFor(options: { https: boolean }): SecurityHeadersFor {
  const common = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
    // Last: a response that sets its own (the static assets) keeps it.
    'Cache-Control': 'no-store',
  };
  const signIn = Object.freeze({ ...common, 'Referrer-Policy': 'no-referrer' });
  const other = Object.freeze({ ...common, 'Referrer-Policy': 'same-origin' });
  return (path) => (/^\/(login|callback)\//.test(path) ? signIn : other);
}

export function securityHeaders(headersFor: SecurityHeadersFor): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Written straight to node's response (send-bytes.ts) with these headers already.
    if (c.res === RESPONSE_ALREADY_SENT) return;
    const h = c.res.headers;
    for (const [name, value] of Object.entries(headersFor(c.req.path)))
      if (name !== 'Cache-Control' || !h.has(name)) h.set(name, value);
  };
}
