// The frame of every page: document head (stylesheet from the app; a script only where a page asks
// for one), the header with the signed-in user and the sign-out form carrying its CSRF token.
import { html, type SafeHtml } from './html.js';

export interface SignedInHeader {
  userName: string;
  vendorLabel: string;
  csrfToken: string;
}

export const VENDOR_LABELS = { genesys: 'Genesys Cloud', cxone: 'NICE CXone' } as const;

interface FrameOptions {
  title: string;
  signedIn?: SignedInHeader;
  script?: boolean;
  /** Same-site navigation to this path once the page has loaded (no script needed). */
  continueTo?: string;
  /** Without the header bar (the wallboard). */
  chrome?: boolean;
}

export function pageLayout(options: FrameOptions & { body: SafeHtml }): string {
  return `${pageHead(options)}${options.body.value}${PAGE_TAIL}`;
}

/** What closes every page after its body. */
export const PAGE_TAIL = '\n</main>\n</body>\n</html>\n';

/** Every page up to its body: for a body rendered (and encoded) once and framed per session. */
export function pageHead(options: FrameOptions): string {
  const { title, signedIn } = options;
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
`.value;
}
