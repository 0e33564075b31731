// The vendor login page: GET authorize renders a form for a pending request; POSTing it signs the
// user in (or denies) and redirects back with a code. Bad clients and redirect URIs get an error
// page here and are never redirected to.
import type { Context, Hono } from 'hono';
import type { AuthorizationServer, OAuthError } from './authorization-server.js';

interface LoginRouteOptions {
  authorizePath: string;
  loginPath: string;
  /** The product name on the page, e.g. "Genesys Cloud (emulated)". */
  title: string;
}

export function mountLoginRoutes(app: Hono, server: AuthorizationServer, options: LoginRouteOptions): void {
  app.get(options.authorizePath, (c) => {
    const result = server.authorize(new URL(c.req.url).searchParams);
    if (result.kind === 'error') return errorPage(c, result.error, options.title);
    if (result.kind === 'redirect') return c.redirect(result.location, 302);
    return c.html(loginPage(options, result.request.id, result.request.client.name, undefined));
  });

  app.post(options.loginPath, async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const id = form.get('request_id') ?? '';
    const request = server.pending(id);
    if (!request) {
      return errorPage(
        c,
        { error: 'invalid_request', description: 'This sign-in request has expired or was already used. Start again.' },
        options.title,
      );
    }
    if (form.get('action') === 'deny') return c.redirect(server.decide(id, 'denied')?.location ?? '/', 302);
    const user = server.checkUserPassword(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) return c.html(loginPage(options, id, request.client.name, 'Wrong username or password.'), 200);
    return c.redirect(server.decide(id, user)?.location ?? '/', 302);
  });
}

function errorPage(c: Context, error: OAuthError, title: string): Response {
  if ((c.req.header('accept') ?? '').includes('application/json')) {
    return c.json({ error: error.error, error_description: error.description }, 400);
  }
  return c.html(
    page(
      title,
      `<h1>Sign-in error</h1><p><code>${escapeHtml(error.error)}</code></p><p>${escapeHtml(error.description)}</p>`,
    ),
    400,
  );
}

function loginPage(
  options: LoginRouteOptions,
  requestId: string,
  clientName: string,
  message: string | undefined,
): string {
  return page(
    options.title,
    `<h1>Sign in to ${escapeHtml(options.title)}</h1>
<p><strong>${escapeHtml(clientName)}</strong> wants to access your account.</p>
${message ? `<p role="alert" class="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${escapeHtml(options.loginPath)}">
  <input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password">
  <div class="actions">
    <button type="submit" name="action" value="login">Sign in</button>
    <button type="submit" name="action" value="deny" formnovalidate>Deny</button>
  </div>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
.actions{margin-top:1.5rem;display:flex;gap:.5rem}button{padding:.5rem 1rem;font-size:1rem}.error{color:#a40000}</style>
</head><body>${body}</body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
