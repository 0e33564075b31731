// Where to land after sign-in: only a path on this dashboard. The value is resolved against the
// dashboard's own origin the way a browser would resolve it, the origins are compared, and only the
// normalised path (+ query) is emitted — so `/.//evil.example` or `/%2e//evil.example`, which
// normalise to the scheme-relative `//evil.example`, fall back to the home page (no open redirect).

const MAX_LENGTH = 512;

export function safeReturnTo(value: string | null | undefined, origin: string): string {
  if (!value || value.length > MAX_LENGTH || !value.startsWith('/')) return '/';
  // Visible ASCII only (browsers percent-encode the rest), and no backslash: browsers strip control
  // characters and whitespace and read `\` as `/`, which can turn a path into another host.
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return '/';
  const home = new URL(origin).origin;
  const parsed = parseRelative(value, home);
  if (!parsed || parsed.origin !== home) return '/';
  const path = `${parsed.pathname}${parsed.search}`;
  // A path that starts with `//` is a host to a browser; sign-in routes would loop or restart a login.
  if (path.startsWith('//') || /^\/(login|callback|logout)(\/|$|\?)/.test(path)) return '/';
  // What is emitted must itself stay on this origin when a browser resolves it again.
  return parseRelative(path, home)?.origin === home ? path : '/';
}

function parseRelative(value: string, base: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}
