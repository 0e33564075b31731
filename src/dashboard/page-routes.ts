// The pages a signed-in supervisor reads: GET / (the dashboard), GET /api/dashboard (its figures as
// JSON for the auto-refresh), plus the signed-out page and the two static assets. Each read goes
// through the session's own client (resolved by the session middleware); a token the vendor no longer
// honours ends the session.
import type { Context, Hono } from 'hono';
import { InvalidGrantError, MissingPermissionError } from '../auth/index.js';
import type { Vendor } from '../config/index.js';
import { VENDOR_IDENTITY } from '../config/index.js';
import { UnauthorizedError } from '../http/index.js';
import { clearSessionCookie } from './cookies.js';
import { SessionExpiredError } from './dashboard-errors.js';
import { dashboardPage, dashboardRefresh } from './dashboard-page.js';
import type { DashboardEnv, DashboardRuntime } from './dashboard-runtime.js';
import { type DashboardView, loadDashboardView } from './dashboard-view.js';
import {
  type MessagePage,
  missingPermissionPage,
  notSignedInPage,
  sessionExpiredPage,
  signedOutPage,
  vendorUnavailablePage,
} from './message-pages.js';
import type { SignedInHeader } from './page-layout.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './static-assets.js';

const send = (c: Context<DashboardEnv>, page: MessagePage) => c.html(page.html, page.status);

type Loaded =
  | { kind: 'view'; view: DashboardView; header: SignedInHeader }
  | { kind: 'none' | 'expired' }
  | { kind: 'unavailable'; vendor: Vendor; header: SignedInHeader }
  | { kind: 'forbidden'; missing: string[]; vendor: Vendor; header: SignedInHeader };

export function mountPageRoutes(app: Hono<DashboardEnv>, rt: DashboardRuntime): void {
  app.use('/', rt.sessionMiddleware);
  app.use('/api/dashboard', rt.sessionMiddleware);

  async function load(c: Context<DashboardEnv>): Promise<Loaded> {
    const visitor = c.get('visitor');
    if (visitor.kind === 'none' || visitor.kind === 'expired') return { kind: visitor.kind };
    const { session, org } = visitor;
    const header: SignedInHeader = {
      userName: session.user.name,
      vendorLabel: VENDOR_IDENTITY[session.vendor].fullLabel,
      csrfToken: session.csrfToken,
    };
    try {
      if (visitor.kind === 'unavailable') throw visitor.error;
      const view = await loadDashboardView(
        rt.dataFor(session.vendor),
        { org, client: visitor.connection.client },
        rt.clock,
      );
      return { kind: 'view', view, header };
    } catch (error) {
      if (error instanceof MissingPermissionError)
        return {
          kind: 'forbidden',
          missing: error.missingPermissions,
          vendor: session.vendor,
          header,
        };
      if (
        error instanceof SessionExpiredError ||
        error instanceof InvalidGrantError ||
        error instanceof UnauthorizedError
      ) {
        rt.logger.info(
          { vendor: session.vendor, user: session.user.id, reason: error.name },
          'dashboard session ended by the vendor',
        );
        rt.tokens.forget(session.id);
        await rt.vault.destroySession(session.id);
        clearSessionCookie(c);
        return { kind: 'expired' };
      }
      rt.logger.warn(
        { vendor: session.vendor, err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
        'dashboard data failed',
      );
      return { kind: 'unavailable', vendor: session.vendor, header };
    }
  }

  app.get('/', async (c) => {
    const loaded = await load(c);
    switch (loaded.kind) {
      case 'view':
        return c.html(dashboardPage(loaded.view, loaded.header, rt.refreshSeconds));
      case 'none':
        return send(c, notSignedInPage(rt.vendors));
      case 'expired':
        return send(c, sessionExpiredPage(rt.vendors));
      case 'forbidden':
        return send(c, missingPermissionPage(loaded.vendor, loaded.missing, loaded.header));
      case 'unavailable':
        return send(c, vendorUnavailablePage(loaded.vendor, loaded.header));
    }
  });

  app.get('/api/dashboard', async (c) => {
    const loaded = await load(c);
    switch (loaded.kind) {
      case 'view':
        return c.json(dashboardRefresh(loaded.view));
      case 'none':
      case 'expired':
        return c.json({ error: loaded.kind === 'none' ? 'not_signed_in' : 'session_expired' }, 401);
      case 'forbidden':
        return c.json({ error: 'missing_permission', missing: loaded.missing }, 403);
      case 'unavailable':
        return c.json({ error: 'vendor_unavailable' }, 502);
    }
  });

  app.get('/signed-out', (c) => send(c, signedOutPage(c.req.query('revoked') !== 'no')));

  const asset = (body: string, type: string) => (c: Context<DashboardEnv>) =>
    c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  app.get('/assets/dashboard.css', asset(DASHBOARD_CSS, 'text/css; charset=utf-8'));
  app.get('/assets/dashboard.js', asset(DASHBOARD_JS, 'text/javascript; charset=utf-8'));
  app.get('/healthz', (c) => c.text('ok'));
}
