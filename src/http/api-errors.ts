// Typed failures of a vendor API call, each carrying what support needs (status, vendor code,
// correlation id) and a hint that says what to fix. No token or query string ever goes in them.
import { CcpulseError, type ErrorCode } from '../core/index.js';

export interface ApiErrorDetails {
  vendor: 'genesys' | 'cxone';
  method: string;
  /** Path only: query strings can carry identifiers we do not want in logs. */
  path: string;
  status: number;
  vendorCode: string | undefined;
  vendorMessage: string | undefined;
  correlationId: string | undefined;
}

export class ApiError extends CcpulseError {
  readonly details: ApiErrorDetails;
  get status(): number {
    return this.details.status;
  }
  get correlationId(): string | undefined {
    return this.details.correlationId;
  }
  get vendorCode(): string | undefined {
    return this.details.vendorCode;
  }

  constructor(details: ApiErrorDetails, hint: string, code: ErrorCode = 'API_ERROR', options?: { cause?: unknown }) {
    const where = `${details.method} ${details.path}`;
    const vendor = details.vendorCode ? ` ${details.vendorCode}` : '';
    const message = details.vendorMessage ? `: ${details.vendorMessage}` : '';
    const correlation = details.correlationId ? ` (correlation id ${details.correlationId})` : '';
    super(code, `${where} failed with HTTP ${details.status}${vendor}${message}${correlation}`, hint, options);
    this.details = details;
  }
}

export class ForbiddenError extends ApiError {
  readonly missingPermissions: string[];
  constructor(details: ApiErrorDetails) {
    const missing = parseMissingPermissions(details.vendorMessage ?? '');
    super(
      details,
      missing.length > 0
        ? `Grant ${missing.join(', ')}: for the daemon, add a role with it to the OAuth client (Genesys Admin > Integrations > OAuth > Roles); for a signed-in user, ask an admin to give the user that permission and the client the matching scope.`
        : 'The token is valid but not allowed to do this: add the needed role/permission to the OAuth client (daemon) or the user (dashboard).',
      'FORBIDDEN',
    );
    this.missingPermissions = missing;
  }
}

export class UnauthorizedError extends ApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      'A fresh token was rejected too: the OAuth client may have been deleted or disabled, or its tokens revoked. Check it in the admin console, then `ccpulse token`.',
      'UNAUTHORIZED',
    );
  }
}

export class ApiRateLimitedError extends ApiError {
  readonly retryAfterMs: number | undefined;
  constructor(details: ApiErrorDetails, retryAfterMs: number | undefined) {
    super(
      details,
      'Still rate-limited after the allowed retries: lower the request budget (fewer replicas or reports per client) or spread the schedule.',
      'RATE_LIMITED',
    );
    this.retryAfterMs = retryAfterMs;
  }
}

export class NotFoundError extends ApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      'The resource does not exist for this org/tenant: check ids, the region (Genesys) or the API version (CXONE_API_VERSION).',
      'NOT_FOUND',
    );
  }
}

export class RequestTimeoutError extends CcpulseError {
  constructor(method: string, path: string, timeoutMs: number, stage: 'headers' | 'body') {
    super(
      'REQUEST_TIMEOUT',
      stage === 'headers'
        ? `${method} ${path} got no answer within ${timeoutMs} ms`
        : `${method} ${path} answered but its body did not finish within ${timeoutMs} ms`,
      'The vendor (or a proxy in between) is stalled: retry later, or raise CCPULSE_REQUEST_TIMEOUT_SECONDS if its answers are legitimately that slow.',
    );
  }
}

export class VendorUnresponsiveError extends CcpulseError {
  constructor(method: string, path: string, failing: { path: string; at: number; untilMs: number; error: string }) {
    super(
      'VENDOR_UNRESPONSIVE',
      `${method} ${path} not sent: the vendor failed ${failing.path} at ${new Date(failing.at).toISOString()} (${failing.error}), so it is left alone until ${new Date(failing.untilMs).toISOString()}`,
      'The vendor API (or a proxy in between) is stalled or failing; the next run tries again. Check the vendor status page and the network path.',
    );
  }
}

export class ResponseTooLargeError extends CcpulseError {
  constructor(method: string, path: string, limit: number) {
    super(
      'RESPONSE_TOO_LARGE',
      `${method} ${path} returned more than ${formatBytes(limit)} (after decompression); reading stopped there`,
      `The largest real page is far smaller: this is a vendor or proxy fault. If the answers are genuine, raise CCPULSE_MAX_RESPONSE_MB (now ${limit / 1024 / 1024}).`,
    );
  }
}

export class UnexpectedRedirectError extends CcpulseError {
  constructor(method: string, path: string, status: number, location: string | null) {
    const where = location ? ` to ${safeLocation(location)}` : '';
    super(
      'UNEXPECTED_REDIRECT',
      `${method} ${path} answered HTTP ${status}${where}; the vendor API never redirects, so ccpulse does not follow it`,
      'Check the API URL (GENESYS_REGION / GENESYS_API_URL, CXONE_ISSUER) and any proxy in between: it points at something that is not the vendor API.',
    );
  }
}

/** A Location as it may be printed: origin and path only (no query, no user-info). */
function safeLocation(location: string): string {
  try {
    const url = new URL(location, 'http://relative.invalid');
    return url.origin === 'http://relative.invalid' ? url.pathname : `${url.origin}${url.pathname}`;
  } catch {
    return '(an unreadable location)';
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

export class NetworkError extends CcpulseError {
  constructor(method: string, path: string, detail: string, options?: { cause?: unknown }) {
    super(
      'NETWORK_ERROR',
      `${method} ${path} failed before a response (${detail})`,
      'Check the network, DNS and proxy to the vendor API host; transient resets are retried automatically for reads.',
      options,
    );
  }
}

export class ResponseShapeError extends CcpulseError {
  constructor(method: string, path: string, detail: string) {
    super(
      'RESPONSE_SHAPE',
      `${method} ${path} returned a body ccpulse cannot use (${detail})`,
      'The vendor API may have changed or a proxy altered the response; report it with the correlation id, and check CXONE_API_VERSION for CXone.',
    );
  }
}

export class ForeignOriginError extends CcpulseError {
  constructor(url: string, baseUrl: string) {
    super(
      'FOREIGN_ORIGIN',
      `Refusing to send the bearer token to ${new URL(url).origin}, which is not ${new URL(baseUrl).origin}`,
      'A paging link pointed at another host; this is a vendor or proxy bug, report it.',
    );
  }
}

/** Genesys lists missing permissions in brackets: "...permission(s): [a:b:view, c:d:edit]". */
function parseMissingPermissions(message: string): string[] {
  const list = /permission\(s\):\s*\[([^\]]*)\]/i.exec(message)?.[1];
  return list
    ? list
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}
