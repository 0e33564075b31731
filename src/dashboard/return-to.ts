// Where to land after sign-in: only a path on this dashboard. Anything that could leave the site —
// absolute URLs, scheme-relative `//host`, backslashes browsers read as slashes, control characters
// that browsers strip — falls back to the home page (no open redirect).

const MAX_LENGTH = 512;

export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_LENGTH) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // Visible ASCII only (browsers percent-encode the rest), and no backslash: browsers strip control
  // characters and whitespace and read `\` as `/`, which can turn a path into another host.
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return '/';
  let parsed: URL;
  try {
    parsed = new URL(value, 'http://dashboard.invalid');
  } catch {
    return '/';
  }
  if (parsed.origin !== 'http://dashboard.invalid') return '/';
  // Sign-in routes as targets would loop or restart a login.
  if (/^\/(login|callback|logout)(\/|$)/.test(parsed.pathname)) return '/';
  return `${parsed.pathname}${parsed.search}`;
}
