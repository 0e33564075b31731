// Can this machine find and reach the vendor at all: the hosts resolve in DNS, and the token
// endpoint answers over HTTP (any status: it proves the route; credentials come later). The answer's
// Date header and the round trip are kept for the clock-skew check.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Clock } from '../core/index.js';
import { describeNetworkError } from '../core/index.js';
import { type CheckResult, failed, passed } from './check-result.js';

/** How long a lookup or the endpoint probe may take before the doctor calls it a failure. */
const NETWORK_TIMEOUT_MS = 10_000;

export async function checkDns(urls: string[], fix: string): Promise<CheckResult> {
  const hosts = [...new Set(urls.map((u) => new URL(u).hostname.replace(/^\[|\]$/g, '')))];
  const found: string[] = [];
  for (const host of hosts) {
    if (isIP(host) !== 0) {
      found.push(`${host} (an IP address)`);
      continue;
    }
    try {
      const { address } = await withTimeout(lookup(host), `looking up ${host}`);
      found.push(`${host} -> ${address}`);
    } catch (error) {
      return failed('dns', 'DNS', `${host} does not resolve (${describeDnsError(error)})`, fix, {
        data: { host },
      });
    }
  }
  return passed('dns', 'DNS', found.join(', '));
}

export interface EndpointSample {
  status: number;
  /** The server's Date header, if it sent one. */
  serverDate: string | null;
  sentAt: number;
  receivedAt: number;
}

/** GETs the token endpoint once. The sample is undefined when nothing answered. */
export async function checkTokenEndpoint(
  url: string,
  clock: Clock,
  fix: string,
): Promise<{ check: CheckResult; sample: EndpointSample | undefined }> {
  const sentAt = clock.now();
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    await response.body?.cancel();
    const receivedAt = clock.now();
    const sample = { status: response.status, serverDate: response.headers.get('date'), sentAt, receivedAt };
    return {
      check: passed(
        'token-endpoint',
        'token endpoint',
        `${url} answered (HTTP ${response.status} to a GET, in ${receivedAt - sentAt} ms)`,
      ),
      sample,
    };
  } catch (error) {
    return {
      check: failed('token-endpoint', 'token endpoint', `${url} did not answer (${describeNetworkError(error)})`, fix),
      sample: undefined,
    };
  }
}

function describeDnsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : describeNetworkError(error);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${NETWORK_TIMEOUT_MS / 1000} s`)), NETWORK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
