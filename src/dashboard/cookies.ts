// The dashboard's two cookies, both `__Host-` (Secure, Path=/, no Domain: only this exact origin can
// set or read them). The session cookie is SameSite=Strict; the login-state cookie must be Lax, since
// it has to come back on the vendor's cross-site redirect to the callback.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const SESSION = 'ccpulse';
const LOGIN = 'ccpulse-login';
/** The supervisor's time zone: a preference, not a secret, so the page's script may set it. */
const ZONE = 'ccpulse-tz';

export const SESSION_COOKIE = `__Host-${SESSION}`;
export const LOGIN_COOKIE = `__Host-${LOGIN}`;

const base = { path: '/', secure: true, httpOnly: true, prefix: 'host' } as const;

export const readSessionCookie = (c: Context) => getCookie(c, SESSION, 'host');
export const readLoginCookie = (c: Context) => getCookie(c, LOGIN, 'host');
export const readZoneCookie = (c: Context) => getCookie(c, ZONE, 'host');

export function setZoneCookie(c: Context, zone: string): void {
  setCookie(c, ZONE, zone, { path: '/', secure: true, prefix: 'host', sameSite: 'Strict', maxAge: 365 * 86_400 });
}

/** A browser-session cookie (no Max-Age): it goes when the browser closes; the server decides expiry. */
export function setSessionCookie(c: Context, id: string): void {
  setCookie(c, SESSION, id, { ...base, sameSite: 'Strict' });
}

export function setLoginCookie(c: Context, id: string, maxAgeSeconds: number): void {
  setCookie(c, LOGIN, id, { ...base, sameSite: 'Lax', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION, { ...base, sameSite: 'Strict' });
}

export function clearLoginCookie(c: Context): void {
  deleteCookie(c, LOGIN, { ...base, sameSite: 'Lax' });
}
