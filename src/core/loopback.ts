// Whether a URL's host is this machine, decided by address: an IPv4 literal in 127.0.0.0/8, the IPv6
// ::1, or the one reserved name `localhost` (RFC 6761 §6.3: resolvers must answer it with loopback).
// Names that merely start with "127." or end in ".localhost" are not — `127.0.0.1.nip.io` resolves to
// loopback today and to anywhere tomorrow, and plain http to it would cross the network.
import { isIP } from 'node:net';

/** `hostname` as URL gives it (IPv6 in brackets, IPv4 already canonical: `127.1` -> `127.0.0.1`). */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  return isIP(host) === 6 && host === '::1';
}

/** A plain-http URL to this machine (the emulator, a loopback redirect): the only http ccpulse accepts. */
export function isLoopbackHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
