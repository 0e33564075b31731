// The pages a signed-in supervisor reads — GET / (the dashboard), /wallboard, /dashboard.csv, and
// /api/dashboard (the figures as JSON) and /api/dashboard/events (the same, pushed by Server-Sent
// Events whenever the user's live state changes) — plus the signed-out page and the static assets.
// All are served from the user's live state in memory: the vendor is asked only when a user's feed
// starts, or for a period not read yet; and each rendering is made once per change of that state
// (view-cache.ts), whoever of the user's sessions asks. A token the vendor no longer honours ends
// the session.
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { InvalidGrantError, MissingPermissionError } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import { validTimeZone } from '../core/index.js';
import { UnauthorizedError } from '../http/index.js';
import type { Vendor } from '../model/index.js';
import { clearSessionCookie, readZoneCookie, setZoneCookie } from './cookies.js';
import { dashboardCsv } from './dashboard-csv.js';
import { SessionExpiredError } from './dashboard-errors.js';
import { createDashboardPages, dashboardBody, wallboardBody, wallboardPage } from './dashboard-page.js';
import type { DashboardEnv, DashboardRuntime } from './dashboard-runtime.js';
import type { LiveState } from './live-state.js';
import { buildView, isPeriod, type LiveView, type PeriodKey, periodWindows } from './live-view.js';
import {
  type MessagePage,
  missingPermissionPage,
  notSignedInPage,
  sessionExpiredPage,
  signedOutPage,
  vendorUnavailablePage,
} from './message-pages.js';
import { type SignedInHeader, VENDOR_LABELS } from './page-layout.js';
import { SessionStoreUnavailableError } from './redis-session-store.js';
import type { SecurityHeadersFor } from './security-headers.js';
import { sendBytes } from './send-bytes.js';
import type { Session } from './session-vault.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './static-assets.js';
import { createViewCache } from './view-cache.js';
import { allCharts, type ChartsSent, chartTexts, viewJson } from './view-cells.js';

type Ctx = Context<DashboardEnv>;
const send = (c: Ctx, page: MessagePage) => c.html(page.html, page.status);
const utf8 = new TextEncoder();
/** What c.html sends: pages served as bytes say the same. */
const HTML = 'text/html; charset=UTF-8';

/** How long the event stream gathers changes before it sends (a burst of pushes is one message). */
const COALESCE_MS = 100;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** An open stream renews its session (and notices its end) this often. */
const SESSION_CHECK_MS = 60_000;

interface Opened {
  kind: 'live';
  session: Session;
  org: OrgConfig;
  state: LiveState;
  header: SignedInHeader;
  zone: string;
  /** The zone named in the URL, if any (links and the stream keep it). */
  chosenZone: string | undefined;
  period: PeriodKey;
  /** This request set the zone cookie: its response goes through hono, which holds the cookie. */
  setsCookie: boolean;
}

/** A view, and its renderings made once for every request that shares it (same user, state, second, period and zone). */
interface Shown {
  view: LiveView;
  /** `make(view)`, made once per view; `what` names the rendering and anything else it depends on. */
  render<T>(what: string, make: (view: LiveView) => T): T;
  /** The view as JSON text with the given charts (the event stream), and with every chart, encoded (the JSON route). */
  json(charts: ChartsSent): string;
  jsonBytes(): Uint8Array<ArrayBuffer>;
  /** Each chart's JSON text: what an event stream compares with what it sent. */
  charts(): ReturnType<typeof chartTexts>;
}

type Loaded =
  | Opened
  | { kind: 'none' | 'expired' }
  | { kind: 'unavailable'; vendor: Vendor; header: SignedInHeader }
  | { kind: 'forbidden'; missing: string[]; vendor: Vendor; header: SignedInHeader };

export function mountPageRoutes(app: Hono<DashboardEnv>, rt: DashboardRuntime, headersFor: SecurityHeadersFor): void {
  const cache = createViewCache();
  const dashboardPage = createDashboardPages();
  // Every header of a page or JSON answer, built once: these paths all get the same security headers.
  const pageHeaders = { ...headersFor('/'), 'Content-Type': HTML };
  const jsonHeaders = { ...headersFor('/'), 'Content-Type': 'application/json' };
  for (const path of ['/', '/wallboard', '/dashboard.csv', '/api/dashboard', '/api/dashboard/events'])
    app.use(path, rt.sessionMiddleware);

  async function endSession(c: Ctx, session: Session, reason: string): Promise<{ kind: 'expired' }> {
    rt.logger.info({ vendor: session.vendor, user: session.user.id, reason }, 'dashboard session ended by the vendor');
    rt.live.release(session.id);
    rt.tokens.forget(session.id);
    await rt.vault.destroySession(session.id);
    clearSessionCookie(c);
    return { kind: 'expired' };
  }

  /** What the error means for this request: a permission page, the end of the session, or "unavailable". */
  async function failure(c: Ctx, session: Session, header: SignedInHeader, error: unknown): Promise<Loaded> {
    // The dashboard's own store, not the vendor: the app's error page names it.
    if (error instanceof SessionStoreUnavailableError) throw error;
    if (error instanceof MissingPermissionError)
      return { kind: 'forbidden', missing: error.missingPermissions, vendor: session.vendor, header };
    if (
      error instanceof SessionExpiredError ||
      error instanceof InvalidGrantError ||
      error instanceof UnauthorizedError
    )
      return endSession(c, session, error.name);
    rt.logger.warn({ vendor: session.vendor, err: describe(error) }, 'dashboard data failed');
    return { kind: 'unavailable', vendor: session.vendor, header };
  }

  async function open(c: Ctx): Promise<Loaded> {
    const visitor = c.get('visitor');
    if (visitor.kind === 'none' || visitor.kind === 'expired') return { kind: visitor.kind };
    const { session, org } = visitor;
    if (rt.live.hasEnded(session)) return endSession(c, session, 'refresh refused');
    const header: SignedInHeader = {
      userName: session.user.name,
      vendorLabel: VENDOR_LABELS[session.vendor],
      csrfToken: session.csrfToken,
    };
    if (visitor.kind === 'unavailable') return failure(c, session, header, visitor.error);
    const chosenZone = validTimeZone(c.req.query('tz'));
    const setsCookie = chosenZone !== undefined && chosenZone !== readZoneCookie(c);
    if (setsCookie) setZoneCookie(c, chosenZone);
    const zone = chosenZone ?? validTimeZone(readZoneCookie(c)) ?? 'UTC';
    const asked = c.req.query('period');
    const period = isPeriod(asked) ? asked : 'today';
    try {
      const state = await rt.live.open(session, org, visitor.connection, zone);
      return { kind: 'live', session, org, state, header, zone, chosenZone, period, setsCookie };
    } catch (error) {
      return failure(c, session, header, error);
    }
  }

  async function viewOf(o: Opened): Promise<Shown> {
    // "Now" to the second, so every request within it shares one view: what ticks (longest wait, time
    // in status) is sent with the moment it counts from, and the page's script ticks it every second.
    const now = Math.floor(rt.clock.now() / 1000) * 1000;
    // Read before the figures are awaited: a change meanwhile makes a newer version, never a stale entry.
    const version = o.state.version;
    const period = periodWindows(o.period, now, o.zone);
    const figures = await Promise.all(period.parts.map((p) => rt.live.figures(o.state, { ...p, zone: o.zone })));
    rt.live.touch(o.state);
    const cached = <T>(what: string, make: () => T): T =>
      cache.get(o.state, version, now, `${what}|${o.period}|${o.zone}`, make);
    const view = cached('view', () => buildView(o.state, period, o.zone, figures, now));
    // Streams that sent the same charts before ask for the same answer: keyed by which charts it carries.
    const json = (charts: ChartsSent) =>
      cached(`json|${JSON.stringify([charts.frame, [...charts.queues]])}`, () =>
        JSON.stringify(viewJson(view, charts)),
      );
    return {
      view,
      render: (what, make) => cached(what, () => make(view)),
      json,
      jsonBytes: () => cached('json-bytes', () => utf8.encode(json(allCharts(view)))),
      charts: () => cached('chart-texts', () => chartTexts(view)),
    };
  }

  /** Opens the session's live state and builds its view, or says why it cannot. */
  async function load(c: Ctx): Promise<{ opened: Opened; shown: Shown } | Exclude<Loaded, Opened>> {
    const opened = await open(c);
    if (opened.kind !== 'live') return opened;
    try {
      return { opened, shown: await viewOf(opened) };
    } catch (error) {
      const failed = await failure(c, opened.session, opened.header, error);
      return failed.kind === 'live' ? { kind: 'expired' } : failed;
    }
  }

  const page = (render: (shown: Shown, opened: Opened) => readonly Uint8Array[]) => async (c: Ctx) => {
    const loaded = await load(c);
    if ('shown' in loaded)
      return sendBytes(c, render(loaded.shown, loaded.opened), pageHeaders, loaded.opened.setsCookie);
    switch (loaded.kind) {
      case 'none':
        return send(c, notSignedInPage(rt.vendors));
      case 'expired':
        return send(c, sessionExpiredPage(rt.vendors));
      case 'forbidden':
        return send(c, missingPermissionPage(loaded.vendor, loaded.missing, loaded.header));
      case 'unavailable':
        return send(c, vendorUnavailablePage(loaded.vendor, loaded.header));
    }
  };
  app.get(
    '/',
    // The body is the user's; the frame carries this session's own sign-out form (its CSRF token).
    page((shown, o) =>
      dashboardPage(
        shown.render(`page|${o.chosenZone ? 'chosen' : ''}`, (view) =>
          utf8.encode(dashboardBody(view, o.chosenZone).value),
        ),
        o.header,
      ),
    ),
  );
  app.get(
    '/wallboard',
    page((shown, o) => [
      shown.render(`wallboard|${o.chosenZone ? 'chosen' : ''}|${o.header.userName}`, (view) =>
        utf8.encode(wallboardPage(wallboardBody(view, { chosenZone: o.chosenZone, userName: o.header.userName }))),
      ),
    ]),
  );

  /** The JSON routes' answer when there is no view: the status says why, the page explains it. */
  const jsonFailure = (c: Ctx, loaded: Exclude<Loaded, Opened>) => {
    switch (loaded.kind) {
      case 'none':
      case 'expired':
        return c.json({ error: loaded.kind === 'none' ? 'not_signed_in' : 'session_expired' }, 401);
      case 'forbidden':
        return c.json({ error: 'missing_permission', missing: loaded.missing }, 403);
      case 'unavailable':
        return c.json({ error: 'vendor_unavailable' }, 502);
    }
  };

  app.get('/api/dashboard', async (c) => {
    const loaded = await load(c);
    if (!('shown' in loaded)) return jsonFailure(c, loaded);
    return sendBytes(c, [loaded.shown.jsonBytes()], jsonHeaders, loaded.opened.setsCookie);
  });

  app.get('/dashboard.csv', async (c) => {
    const loaded = await load(c);
    if (!('shown' in loaded)) return jsonFailure(c, loaded);
    const { shown } = loaded;
    const day = new Date(shown.view.now).toISOString().slice(0, 10);
    return c.body(
      shown.render('csv', (view) => utf8.encode(dashboardCsv(view))),
      200,
      {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="ccpulse-${loaded.opened.period}-${day}.csv"`,
      },
    );
  });

  app.get('/api/dashboard/events', async (c) => {
    const loaded = await load(c);
    if (!('shown' in loaded)) return jsonFailure(c, loaded);
    const { opened } = loaded;
    return streamSSE(c, async (stream) => {
      let closed = false;
      let dirty = false;
      let wake: () => void = () => undefined;
      const changed = () => {
        dirty = true;
        wake();
      };
      const unsubscribe = opened.state.subscribe(changed);
      stream.onAbort(() => {
        closed = true;
        wake();
      });
      let lastSessionCheck = Date.now();
      // The charts as this stream last sent them: a view resends a chart (or the frame) only when it changed.
      let sent: ReturnType<typeof chartTexts> = { frame: '', queues: new Map() };
      const viewEvent = (shown: Shown) => {
        const charts = shown.charts();
        const changed: ChartsSent = {
          frame: charts.frame !== sent.frame,
          queues: new Set([...charts.queues].filter(([id, text]) => sent.queues.get(id) !== text).map(([id]) => id)),
        };
        sent = charts;
        return shown.json(changed);
      };
      try {
        await stream.writeSSE({ event: 'view', data: viewEvent(loaded.shown), retry: 2000 });
        while (!closed) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            const timer = setTimeout(resolve, dirty ? COALESCE_MS : KEEPALIVE_MS);
            timer.unref();
          });
          if (closed) break;
          if (Date.now() - lastSessionCheck >= SESSION_CHECK_MS) {
            lastSessionCheck = Date.now();
            // Renews the idle timer while the page is open; a session that ended stops the stream.
            const still = await rt.vault.loadSession(opened.session.id);
            if (!still || rt.live.hasEnded(opened.session)) {
              await stream.writeSSE({ event: 'end', data: '{}' });
              break;
            }
          }
          if (!dirty) {
            await stream.write(': keep-alive\n\n');
            continue;
          }
          // Gather a burst of changes into one message.
          await new Promise((r) => setTimeout(r, COALESCE_MS));
          dirty = false;
          const shown = await viewOf(opened).catch((error: unknown) => {
            rt.logger.warn({ err: describe(error) }, 'dashboard: the event stream could not build a view');
            return undefined;
          });
          if (shown) await stream.writeSSE({ event: 'view', data: viewEvent(shown) });
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.get('/signed-out', (c) => send(c, signedOutPage(c.req.query('revoked') !== 'no')));

  const asset = (body: string, type: string) => (c: Ctx) =>
    c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  app.get('/assets/dashboard.css', asset(DASHBOARD_CSS, 'text/css; charset=utf-8'));
  app.get('/assets/dashboard.js', asset(DASHBOARD_JS, 'text/javascript; charset=utf-8'));
  // The dashboard is healthy when it can read sessions: with Redis down nobody signed in can be served.
  app.get('/healthz', async (c) => {
    const store = await rt.sessionStoreHealth();
    return c.json({ status: store.up ? 'ok' : 'degraded', sessionStore: store }, store.up ? 200 : 503);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
