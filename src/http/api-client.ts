// The one request pipeline every vendor call goes through: rate budget, bearer token, one re-auth on
// 401, Retry-After on 429, full-jitter backoff for transient failures of reads, per-request timeout,
// typed errors, and schema validation of the body.
import { STATUS_CODES } from 'node:http';
import type { ZodType } from 'zod';
import type { TokenProvider } from '../auth/index.js';
import {
  type Clock,
  describeNetworkError,
  type Logger,
  parseRetryAfter,
  silentLogger,
  systemClock,
} from '../core/index.js';
import {
  ApiError,
  type ApiErrorDetails,
  ApiRateLimitedError,
  ForbiddenError,
  ForeignOriginError,
  NetworkError,
  NotFoundError,
  RequestTimeoutError,
  ResponseShapeError,
  UnauthorizedError,
} from './api-errors.js';
import { fullJitterDelay } from './backoff.js';
import type { RateBudget } from './rate-budget.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest<T> {
  method: HttpMethod;
  /** A path under the base URL, or a full URL on the same origin (paging links). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema?: ZodType<T>;
  /** Safe to repeat: GET/DELETE always; POST queries that only read (analytics) say so here. */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface ApiObserver {
  onRequest?(event: { method: string; path: string; status: number; durationMs: number; attempt: number }): void;
  onRetry?(event: { method: string; path: string; reason: string; delayMs: number; attempt: number }): void;
  onRateLimited?(event: { method: string; path: string; retryAfterMs: number }): void;
  onReauth?(event: { method: string; path: string }): void;
}

export interface ApiClientOptions {
  vendor: 'genesys' | 'cxone';
  baseUrl: string;
  tokens: TokenProvider;
  budget?: RateBudget;
  clock?: Clock;
  random?: () => number;
  timeoutMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  fetch?: typeof fetch;
  logger?: Logger;
  observer?: ApiObserver;
}

export interface ApiClient {
  readonly vendor: 'genesys' | 'cxone';
  readonly baseUrl: string;
  request<T = unknown>(request: ApiRequest<T>): Promise<ApiResponse<T>>;
}

class RetryableFailure {
  constructor(
    readonly reason: string,
    readonly error: Error,
  ) {}
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const logger = options.logger ?? silentLogger;
  const maxAttempts = options.retry?.maxAttempts ?? 6;
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  const resolveUrl = (request: ApiRequest<unknown>): URL => {
    const url = /^https?:\/\//.test(request.path)
      ? new URL(request.path)
      : new URL(request.path.replace(/^\//, ''), base);
    if (url.origin !== base.origin) throw new ForeignOriginError(url.toString(), base.toString());
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  };

  /** One attempt: a response, a failure worth retrying, or the 401 Response (re-auth is the caller's decision). */
  async function once<T>(
    r: ApiRequest<T>,
    target: URL,
    path: string,
    token: string,
    timeout: number,
    canRetry: boolean,
    attempt: number,
    arrived: () => void,
  ): Promise<
    | { kind: 'done'; response: ApiResponse<T> }
    | { kind: 'retry'; failure: RetryableFailure }
    | { kind: 'reauth'; response: Response }
  > {
    const timeoutSignal = AbortSignal.timeout(timeout);
    const signal = r.signal ? AbortSignal.any([r.signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    const started = clock.now();
    let response: Response;
    try {
      response = await doFetch(target, {
        method: r.method,
        headers,
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal,
      });
    } catch (error) {
      if (r.signal?.aborted) throw r.signal.reason;
      const failure = timeoutSignal.aborted
        ? new RequestTimeoutError(r.method, path, timeout)
        : new NetworkError(r.method, path, describeNetworkError(error), { cause: error });
      if (canRetry) return { kind: 'retry', failure: new RetryableFailure(failure.code, failure) };
      throw failure;
    }
    options.budget?.observe(response.headers);
    arrived();
    options.observer?.onRequest?.({
      method: r.method,
      path,
      status: response.status,
      durationMs: clock.now() - started,
      attempt,
    });
    if (response.status === 401) return { kind: 'reauth', response };
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      const delay = retryAfterMs ?? fullJitterDelay(attempt, baseDelayMs, maxDelayMs, random);
      options.budget?.pauseUntil(clock.now() + delay);
      options.observer?.onRateLimited?.({ method: r.method, path, retryAfterMs: delay });
      // A rate-limited request was not processed, so even a non-idempotent one may be repeated.
      return {
        kind: 'retry',
        failure: new RetryableFailure('429', new ApiRateLimitedError(await detailsOf(r.method, path, response), delay)),
      };
    }
    if (response.status >= 500) {
      const error = new ApiError(
        await detailsOf(r.method, path, response),
        'The vendor had a server error: retry later; reads are retried automatically.',
        'SERVER_ERROR',
      );
      if (canRetry) return { kind: 'retry', failure: new RetryableFailure(`HTTP ${response.status}`, error) };
      throw error;
    }
    if (!response.ok) throw await errorFor(r.method, path, response);
    if (response.status === 204 || r.method === 'DELETE') {
      return { kind: 'done', response: { status: response.status, headers: response.headers, data: undefined as T } };
    }
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (error) {
      const failure = new ResponseShapeError(r.method, path, `body is not JSON: ${describeNetworkError(error)}`);
      if (canRetry) return { kind: 'retry', failure: new RetryableFailure('malformed JSON', failure) };
      throw failure;
    }
    if (!r.schema)
      return { kind: 'done', response: { status: response.status, headers: response.headers, data: json as T } };
    const parsed = r.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ResponseShapeError(
        r.method,
        path,
        `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return { kind: 'done', response: { status: response.status, headers: response.headers, data: parsed.data } };
  }

  async function request<T>(req: ApiRequest<T>): Promise<ApiResponse<T>> {
    const url = resolveUrl(req);
    const path = url.pathname;
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'DELETE');
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 30_000;
    let reauthed = false;
    for (let attempt = 1; ; attempt++) {
      // Released when the answer's headers are in (or the attempt failed): the request has reached
      // the vendor by then, which fixes its place in the window.
      const release = (await options.budget?.acquire(req.signal)) ?? (() => undefined);
      let outcome: Awaited<ReturnType<typeof once<T>>>;
      let token: string;
      const started = clock.now();
      try {
        token = await options.tokens.getToken(req.signal);
        outcome = await once(req, url, path, token, timeoutMs, idempotent, attempt, release);
      } finally {
        release();
      }
      if (outcome.kind === 'reauth') {
        if (reauthed) throw new UnauthorizedError(await detailsOf(req.method, path, outcome.response));
        reauthed = true;
        options.tokens.invalidate(token);
        options.observer?.onReauth?.({ method: req.method, path });
        attempt--;
        continue;
      }
      if (outcome.kind === 'done') return outcome.response;
      const { failure } = outcome;
      if (attempt >= maxAttempts) throw failure.error;
      const delayMs =
        failure.error instanceof ApiRateLimitedError && failure.error.retryAfterMs !== undefined
          ? failure.error.retryAfterMs
          : fullJitterDelay(attempt, baseDelayMs, maxDelayMs, random);
      options.observer?.onRetry?.({ method: req.method, path, reason: failure.reason, delayMs, attempt });
      logger.debug(
        { method: req.method, path, reason: failure.reason, delayMs, attempt, sinceStartMs: clock.now() - started },
        'retrying',
      );
      await clock.sleep(delayMs, req.signal);
    }
  }

  async function detailsOf(method: string, path: string, response: Response): Promise<ApiErrorDetails> {
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await response.clone().text());
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: status and headers still say enough.
    }
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    // CXone's classic API puts its text in the status line and the icStatusDescription header, no body.
    const statusLine = response.statusText !== STATUS_CODES[response.status] ? response.statusText : undefined;
    return {
      vendor: options.vendor,
      method,
      path,
      status: response.status,
      vendorCode: str(body.code) ?? str(body.error),
      vendorMessage:
        str(body.message) ??
        str(body.error_description) ??
        str(response.headers.get('icstatusdescription')) ??
        str(statusLine),
      correlationId: response.headers.get('inin-correlation-id') ?? str(body.contextId),
    };
  }

  async function errorFor(method: string, path: string, response: Response): Promise<ApiError> {
    const details = await detailsOf(method, path, response);
    if (response.status === 403) return new ForbiddenError(details);
    if (response.status === 404) return new NotFoundError(details);
    return new ApiError(
      details,
      response.status === 400
        ? 'The vendor refused the request as sent (see its message): check the report parameters (interval, ids, filters).'
        : 'See the vendor message and correlation id; retrying will not help.',
    );
  }

  return { vendor: options.vendor, baseUrl: options.baseUrl, request };
}
