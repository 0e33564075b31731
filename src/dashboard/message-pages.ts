// Every page that is not the dashboard itself: each says what happened and what to do next, in the
// supervisor's words (no stack traces, no vendor jargon beyond the permission names an admin needs).
import type { Vendor } from '../model/index.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout, type SignedInHeader, VENDOR_LABELS } from './page-layout.js';

export interface MessagePage {
  status: 200 | 400 | 401 | 403 | 404 | 429 | 502 | 503;
  html: string;
}

function signInLinks(vendors: readonly Vendor[], returnTo: string): SafeHtml {
  const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  return html`<div class="actions">${vendors.map(
    (v) => html`<a class="button" href="/login/${v}${query}">Sign in with ${VENDOR_LABELS[v]}</a>`,
  )}</div>`;
}

function message(status: MessagePage['status'], title: string, body: SafeHtml, signedIn?: SignedInHeader): MessagePage {
  return {
    status,
    html: pageLayout({
      title,
      signedIn,
      body: html`<section class="message" aria-labelledby="msg-title"><h1 id="msg-title">${title}</h1>${body}</section>`,
    }),
  };
}

export function notSignedInPage(vendors: readonly Vendor[], returnTo = '/'): MessagePage {
  return message(
    401,
    'Sign in to see your queues',
    html`<p>The dashboard shows the queues your own account may see, live and for today. Sign in with the contact-center account you use every day.</p>${
      vendors.length > 0
        ? signInLinks(vendors, returnTo)
        : html`<p>No vendor is configured for this dashboard yet: ask whoever runs it to set the GENESYS_* or CXONE_* variables.</p>`
    }`,
  );
}

export function sessionExpiredPage(vendors: readonly Vendor[], returnTo = '/'): MessagePage {
  return message(
    401,
    'Your session has ended',
    html`<p>You were signed out because the dashboard was not used for a while, the working day's session ran out, or your sign-in was revoked at the vendor. Nothing was lost: sign in again to carry on.</p>${signInLinks(vendors, returnTo)}`,
  );
}

export function consentDeniedPage(vendor: Vendor): MessagePage {
  return message(
    400,
    'Access was not granted',
    html`<p>${VENDOR_LABELS[vendor]} reports that access to your account was declined, so the dashboard cannot show your queues.</p><p>If you pressed <em>Deny</em> by mistake, sign in again and allow access. If you did not, ask your ${VENDOR_LABELS[vendor]} admin whether the ccpulse dashboard is allowed for your account.</p>${signInLinks([vendor], '/')}`,
  );
}

export function missingPermissionPage(vendor: Vendor, missing: readonly string[], header: SignedInHeader): MessagePage {
  return message(
    403,
    'Your account is missing a permission',
    html`<p>You are signed in as <strong>${header.userName}</strong>, but ${VENDOR_LABELS[vendor]} does not let this account read the queue statistics the dashboard shows.</p>${
      missing.length > 0
        ? html`<p>Ask your ${VENDOR_LABELS[vendor]} admin to add ${missing.length === 1 ? 'this permission' : 'these permissions'} to a role you have:</p><ul class="permissions">${missing.map((p) => html`<li><code>${p}</code></li>`)}</ul>`
        : html`<p>Ask your ${VENDOR_LABELS[vendor]} admin for the role that lets supervisors view queue analytics.</p>`
    }<p>Once the role is changed, sign out and sign in again.</p>`,
    header,
  );
}

/** A callback that cannot complete a sign-in. `reason` is a fixed sentence chosen by the caller, never request input. */
export function badCallbackPage(reason: string): MessagePage {
  return message(
    400,
    'That sign-in link cannot be used',
    html`<p>${reason}</p><p>Nothing was signed in. Start again from the dashboard; do not reuse or bookmark sign-in links.</p><div class="actions"><a class="button" href="/">Go to the dashboard</a></div>`,
  );
}

export function tooManySignInsPage(): MessagePage {
  return message(
    429,
    'Too many sign-ins started',
    html`<p>More sign-ins were started from this network in the last minutes than the dashboard allows. Wait a minute, then sign in once; a sign-in already under way in another tab still works.</p><div class="actions"><a class="button" href="/">Go to the dashboard</a></div>`,
  );
}

export function signedOutPage(revoked: boolean): MessagePage {
  return message(
    200,
    'You are signed out',
    html`<p>${revoked ? 'Your session has ended and the dashboard’s access to your account was revoked at the vendor.' : 'Your session has ended. The vendor could not be reached to revoke the dashboard’s access; it will expire on its own.'}</p><div class="actions"><a class="button" href="/">Sign in again</a></div>`,
  );
}

export function forbiddenRequestPage(): MessagePage {
  return message(
    403,
    'Request refused',
    html`<p>This request did not come from a dashboard page (its security token was missing or wrong), so nothing was changed. Reload the dashboard and try again.</p><div class="actions"><a class="button" href="/">Go to the dashboard</a></div>`,
  );
}

export function vendorUnavailablePage(vendor: Vendor, header?: SignedInHeader): MessagePage {
  return message(
    502,
    `${VENDOR_LABELS[vendor]} did not answer`,
    html`<p>The dashboard could not get your numbers from ${VENDOR_LABELS[vendor]} just now. It will keep trying; reload in a minute. If this persists, tell whoever runs the dashboard.</p>`,
    header,
  );
}

/** The dashboard's own session store (Redis) is down: not the vendor, and not the user's doing. */
export function sessionStoreUnavailablePage(): MessagePage {
  return message(
    503,
    'The dashboard cannot reach its session store',
    html`<p>Sign-ins are kept in a session store (Redis) that is not answering, so the dashboard cannot tell who you are right now. Your sign-in is not lost: reload in a minute.</p><p>If this persists, tell whoever runs the dashboard that its Redis (REDIS_URL) is down or unreachable.</p>`,
  );
}

export function notFoundPage(): MessagePage {
  return message(
    404,
    'Page not found',
    html`<div class="actions"><a class="button" href="/">Go to the dashboard</a></div>`,
  );
}
