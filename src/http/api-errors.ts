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
  constructor(method: string, path: string, timeoutMs: number) {
    super(
      'REQUEST_TIMEOUT',
      `${method} ${path} got no response within ${timeoutMs} ms`,
      'The vendor is slow or unreachable: retry later, or raise the timeout for large queries.',
    );
  }
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
export function parseMissingPermissions(message: string): string[] {
  const list = /permission\(s\):\s*\[([^\]]*)\]/i.exec(message)?.[1];
  return list
    ? list
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}
