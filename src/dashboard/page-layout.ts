// The frame of every page: document head (stylesheet from the app; a script only where a page asks
// for one), the header with the signed-in user and the sign-out form carrying its CSRF token.
import { html, type SafeHtml } from './html.js';

export interface SignedInHeader {
  userName: string;
  vendorLabel: string;
  csrfToken: string;
}

export const VENDOR_LABELS = { genesys: 'Genesys Cloud', cxone: 'NICE CXone' } as const;

export function pageLayout(options: {
  title: string;
  body: SafeHtml;
  signedIn?: SignedInHeader;
  script?: boolean;
  /** Same-site navigation to this path once the page has loaded (no script needed). */
  continueTo?: string;
  /** Without the header bar (the wallboard). */
  chrome?: boolean;
}): string {
  const { title, body, signedIn } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title} · ccpulse</title>
<link rel="stylesheet" href="/assets/dashboard.css">
${options.continueTo ? html`<meta http-equiv="refresh" content="0;url=${options.continueTo}">` : ''}
${options.script ? html`<script src="/assets/dashboard.js" defer></script>` : ''}
</head>
<body${options.chrome === false ? html` class="bare"` : ''}>
${
  options.chrome === false
    ? ''
    : html`<header class="top">
  <a class="brand" href="/">ccpulse <span>supervisor</span></a>
  ${
    signedIn
      ? html`<div class="who">
    <span class="user">${signedIn.userName}</span>
    <span class="vendor">${signedIn.vendorLabel}</span>
    <form method="post" action="/logout">
      <input type="hidden" name="csrf" value="${signedIn.csrfToken}">
      <button type="submit" class="quiet">Sign out</button>
    </form>
  </div>`
      : ''
  }
</header>`
}
<main id="main">
${body}
</main>
</body>
</html>
`.value;
}
