// Sign-in, one login per vendor: GET /login/{vendor} starts Authorization Code + PKCE (state and
// verifier kept server-side, bound to this browser by a Lax __Host- cookie); GET /callback/{vendor}
// takes that login exactly once, checks the response (state, issuer, vendor), exchanges the code,
// and only then creates a session under a fresh id. Every failure is a 400 page and no session.
import type { Context, Hono } from 'hono';
import {
  AccessDeniedError,
  authCodeClient,
  beginLogin,
  completeLogin,
  InvalidGrantError,
  IssuerMismatchError,
  revokeTokens,
  StateMismatchError,
  TokenEndpointServerError,
  TokenEndpointUnreachableError,
  type TokenSet,
} from '../auth/index.js';
import { isVendor, type OrgConfig, VENDOR_IDENTITY } from '../config/index.js';
import { describeError } from '../core/index.js';
import { checkCallbackParams } from './callback-params.js';
import { clearLoginCookie, readLoginCookie, readSessionCookie, setLoginCookie, setSessionCookie } from './cookies.js';
import type { DashboardEnv, DashboardRuntime } from './dashboard-runtime.js';
import { html } from './html.js';
import { identifyUser } from './identify-user.js';
import {
  badCallbackPage,
  consentDeniedPage,
  type MessagePage,
  notFoundPage,
  tooManySignInsPage,
  vendorUnavailablePage,
} from './message-pages.js';
import { pageLayout } from './page-layout.js';
import { safeReturnTo } from './return-to.js';
import type { SessionUser } from './session-vault.js';

const send = (c: Context<DashboardEnv>, page: MessagePage) => c.html(page.html, page.status);
const label = (vendor: OrgConfig['vendor']) => VENDOR_IDENTITY[vendor].fullLabel;

export function mountLoginRoutes(app: Hono<DashboardEnv>, rt: DashboardRuntime): void {
  app.get('/login/:vendor', async (c) => {
    const vendor = c.req.param('vendor');
    const org = isVendor(vendor) ? rt.orgFor(vendor) : undefined;
    if (!org) return send(c, notFoundPage());
    // Unauthenticated and it stores state: bounded per client here, and in total by the vault's cap.
    if (!rt.loginThrottle.allow(rt.clientOf(c))) {
      c.header('Retry-After', '60');
      return send(c, tooManySignInsPage());
    }
    let started: Awaited<ReturnType<typeof beginLogin>>;
    try {
      started = await beginLogin(await rt.profile(org), authCodeClient(org), {
        redirectUri: rt.redirectUri(org.vendor),
        scopes: org.scopes,
        clock: rt.clock,
      });
    } catch (error) {
      rt.logger.warn({ vendor: org.vendor, err: describeError(error) }, 'dashboard login could not start');
      return send(c, vendorUnavailablePage(org.vendor));
    }
    const loginId = await rt.vault.savePendingLogin({
      loginState: started.loginState,
      org: org.name,
      returnTo: safeReturnTo(c.req.query('returnTo'), rt.publicUrl),
    });
    setLoginCookie(c, loginId, Math.floor(rt.vault.loginTimeoutMs / 1000));
    rt.logger.info({ vendor: org.vendor, org: org.name }, 'dashboard login started');
    return c.redirect(started.authorizationUrl.href, 302);
  });

  app.get('/callback/:vendor', async (c) => {
    const vendor = c.req.param('vendor');
    if (!isVendor(vendor) || !rt.orgFor(vendor)) return send(c, notFoundPage());
    // One-time: whatever happens next, this browser's pending login is gone.
    const loginId = readLoginCookie(c);
    clearLoginCookie(c);
    const pending = loginId === undefined ? undefined : await rt.vault.takePendingLogin(loginId);
    const refuse = (why: string, reason: string) => {
      rt.logger.warn({ vendor, why }, 'dashboard callback refused');
      return send(c, badCallbackPage(reason));
    };

    const url = new URL(c.req.url);
    const checked = checkCallbackParams(url);
    if (!checked.ok) return refuse('malformed', checked.reason);
    if (!pending)
      return refuse(
        'no-pending-login',
        'This sign-in was not started in this browser, was already completed, or took longer than allowed.',
      );
    const org = rt.orgNamed(pending.loginState.vendor, pending.org);
    if (!org) return refuse('org-gone', 'The sign-in was started for a vendor this dashboard no longer uses.');
    if (pending.loginState.vendor !== vendor)
      return refuse(
        'vendor-mismatch',
        `The sign-in was started with ${label(pending.loginState.vendor)} but the response arrived for ${label(vendor)}.`,
      );

    let tokens: TokenSet;
    const profile = await rt.profile(org).catch(() => undefined);
    if (!profile) return send(c, vendorUnavailablePage(org.vendor));
    try {
      tokens = await completeLogin(profile, authCodeClient(org), pending.loginState, url, {
        clock: rt.clock,
        timeoutMs: rt.runtime.limits.requestTimeoutMs,
      });
    } catch (error) {
      if (error instanceof AccessDeniedError) {
        rt.logger.info({ vendor }, 'dashboard sign-in declined at the vendor');
        return send(c, consentDeniedPage(org.vendor));
      }
      if (error instanceof StateMismatchError)
        return refuse('state-mismatch', 'The sign-in response does not belong to the sign-in this browser started.');
      if (error instanceof IssuerMismatchError)
        return refuse(
          'issuer-mismatch',
          'The sign-in response came from a different sign-in service than the one this sign-in was started with.',
        );
      if (error instanceof InvalidGrantError)
        return refuse('invalid-grant', 'The sign-in code was already used or has expired.');
      if (error instanceof TokenEndpointUnreachableError || error instanceof TokenEndpointServerError)
        return send(c, vendorUnavailablePage(org.vendor));
      rt.logger.warn({ vendor, err: describeError(error) }, 'dashboard code exchange failed');
      return refuse('vendor-error', `${label(org.vendor)} could not complete the sign-in.`);
    }

    return finishSignIn(c, rt, org, tokens, pending.returnTo);
  });
}

async function finishSignIn(
  c: Context<DashboardEnv>,
  rt: DashboardRuntime,
  org: OrgConfig,
  tokens: TokenSet,
  returnTo: string,
) {
  let user: SessionUser;
  try {
    user = await identifyUser(org, tokens, async () => {
      return (await rt.tokens.connectionForSignIn(org, tokens)).client;
    });
  } catch (error) {
    rt.logger.warn(
      { vendor: org.vendor, err: describeError(error) },
      'dashboard could not identify the signed-in user',
    );
    await revokeTokens(await rt.profile(org), authCodeClient(org), tokens);
    return send(c, vendorUnavailablePage(org.vendor));
  }
  // A fresh session id at every sign-in: an id planted before sign-in (fixation) never becomes a session.
  const previous = readSessionCookie(c);
  if (previous !== undefined) {
    rt.live.release(previous);
    rt.tokens.forget(previous);
    await rt.vault.destroySession(previous);
  }
  const session = await rt.vault.createSession({ vendor: org.vendor, org: org.name, user, tokens });
  setSessionCookie(c, session.id);
  rt.logger.info({ vendor: org.vendor, org: org.name, user: user.id }, 'dashboard sign-in completed');
  // A page, not a redirect: the next request is then a same-site navigation, which carries the
  // SameSite=Strict session cookie even though the sign-in came back from the vendor's site.
  return c.html(
    pageLayout({
      title: 'Signed in',
      continueTo: returnTo,
      body: html`<section class="message"><h1>Signed in</h1><p>Welcome, ${user.name}. <a href="${returnTo}">Continue to your queues</a>.</p></section>`,
    }),
    200,
  );
}
