// The dashboard as a backend-for-frontend: a hono app holding sessions and tokens on the server; the
// browser gets HTML, one stylesheet, one script, JSON figures and an opaque session cookie.
import { Hono } from 'hono';
import { createDashboardRuntime, type DashboardDeps, type DashboardEnv } from './dashboard-runtime.js';
import { mountLoginRoutes } from './login-routes.js';
import { mountLogoutRoute } from './logout-route.js';
import { notFoundPage, sessionStoreUnavailablePage, vendorUnavailablePage } from './message-pages.js';
import { mountPageRoutes } from './page-routes.js';
import { SessionStoreUnavailableError } from './redis-session-store.js';
import { securityHeaders, securityHeadersFor } from './security-headers.js';

interface DashboardApp {
  app: Hono<DashboardEnv>;
  /** Stops every user's live feed (closing their channels). */
  close(): Promise<void>;
}

export function createDashboardApp(deps: DashboardDeps): DashboardApp {
  const rt = createDashboardRuntime(deps);
  const app = new Hono<DashboardEnv>();
  const headersFor = securityHeadersFor({ https: rt.publicUrl.startsWith('https:') });
  app.use(securityHeaders(headersFor));
  mountLoginRoutes(app, rt);
  mountLogoutRoute(app, rt);
  mountPageRoutes(app, rt, headersFor);
  app.notFound((c) => {
    const page = notFoundPage();
    return c.html(page.html, page.status);
  });
  app.onError((error, c) => {
    rt.logger.error({ err: `${error.name}: ${error.message}`, path: c.req.path }, 'dashboard request failed');
    // Name the real cause: a session store that is down is not the vendor failing to answer.
    if (error instanceof SessionStoreUnavailableError) {
      const page = sessionStoreUnavailablePage();
      return c.html(page.html, page.status);
    }
    const page = vendorUnavailablePage(rt.vendors[0] ?? 'genesys');
    return c.html(page.html, 500);
  });
  return { app, close: () => rt.live.close() };
}
