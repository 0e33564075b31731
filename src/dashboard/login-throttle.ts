// How many sign-ins one client may start: a token bucket per client address (an IPv6 client by its
// /64, which one machine usually owns whole). Starting a sign-in is unauthenticated and stores a
// pending login, so this is what keeps one client from filling the store. Memory is bounded: at most
// `maxClients` buckets, the least recently seen dropped first.
import { isIPv6 } from 'node:net';
import type { Clock } from '../core/index.js';

interface LoginThrottleOptions {
  clock: Clock;
  /** Sign-ins one client may start at once (default 20). */
  burst?: number;
  /** Sign-ins per minute a client regains after that (default 10). */
  perMinute?: number;
  /** Clients remembered at most (default 10,000). */
  maxClients?: number;
}

export interface LoginThrottle {
  /** Whether `client` may start another sign-in now (and counts it if so). */
  allow(client: string): boolean;
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const burst = options.burst ?? 20;
  const perMs = (options.perMinute ?? 10) / 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    allow(client) {
      const key = clientGroup(client);
      const now = options.clock.now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      buckets.delete(key);
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (buckets.size > maxClients) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      return allowed;
    },
  };
}

/** An IPv6 address's /64 (its first four groups); anything else as it is. */
function clientGroup(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  if (!isIPv6(plain)) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
