// POST /logout: the one state-changing route. It needs the session's synchronizer CSRF token from
// the page's form (and, when the browser says where the request came from, this origin); then it
// revokes the vendor token, destroys the server-side session and clears the cookie.
import { timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authCodeClient, revokeTokens } from '../auth/index.js';
import { clearSessionCookie } from './cookies.js';
import type { DashboardEnv, DashboardRuntime } from './dashboard-runtime.js';
import { forbiddenRequestPage } from './message-pages.js';

export function mountLogoutRoute(app: Hono<DashboardEnv>, rt: DashboardRuntime): void {
  const refuse = () => {
    const page = forbiddenRequestPage();
    return new Response(page.html, { status: page.status, headers: { 'content-type': 'text/html; charset=UTF-8' } });
  };

  const sameOrigin: MiddlewareHandler<DashboardEnv> = async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== rt.publicUrl) return refuse();
    if (c.req.header('sec-fetch-site') === 'cross-site') return refuse();
    await next();
  };

  const limit = bodyLimit({ maxSize: 4096, onError: () => refuse() });
  app.post('/logout', limit, sameOrigin, rt.sessionMiddleware, async (c) => {
    const visitor = c.get('visitor');
    // Nothing to protect without a session: just make sure the browser holds no cookie.
    if (visitor.kind === 'none' || visitor.kind === 'expired') return c.redirect('/signed-out', 303);
    const { session, org } = visitor;
    const type = c.req.header('content-type') ?? '';
    const form = type.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(await c.req.text())
      : undefined;
    if (!sameToken(form?.get('csrf') ?? '', session.csrfToken)) {
      rt.logger.warn({ vendor: session.vendor }, 'dashboard logout refused: CSRF token missing or wrong');
      return refuse();
    }
    // Revoke the newest tokens (a refresh may have rotated them); if refreshing fails, revoke what is stored.
    const tokens =
      visitor.kind === 'signed-in'
        ? await visitor.connection.tokens.current().catch(() => session.tokens)
        : session.tokens;
    const revoked = await revokeTokens(await rt.profile(org), authCodeClient(org), tokens).catch(() => false);
    rt.live.release(session.id);
    rt.tokens.forget(session.id);
    await rt.vault.destroySession(session.id);
    clearSessionCookie(c);
    rt.logger.info({ vendor: session.vendor, user: session.user.id, revoked }, 'dashboard sign-out');
    return c.redirect(`/signed-out${revoked ? '' : '?revoked=no'}`, 303);
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
