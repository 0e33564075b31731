// The one request pipeline every vendor call goes through: rate budget, bearer token, one re-auth on
// 401, Retry-After on 429, full-jitter backoff for transient failures of reads, a deadline per attempt
// covering headers and body, a deadline per request covering its attempts and the backoff between
// them, a cap on the decompressed body, typed errors, and schema validation of the body. A vendor
// that stalled a request, or kept failing it to the end — the request itself or the token it needed —
// is left alone for one more deadline: the org's other requests fail fast instead of each waiting it
// out again.
import { STATUS_CODES } from 'node:http';
import type { ZodType } from 'zod';
import type { TokenProvider } from '../auth/index.js';
import {
  CcpulseError,
  type Clock,
  describeNetworkError,
  fullJitterDelay,
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
  ResponseTooLargeError,
  UnauthorizedError,
  UnexpectedRedirectError,
  VendorUnresponsiveError,
} from './api-errors.js';
import { type Decoded, decodeJsonBody } from './decode-body.js';
import type { RateBudget } from './rate-budget.js';
import { BodyTooLargeError, readBodyPrefix, readBoundedBody } from './read-body.js';

/** Used when the caller gives none (connectOrg passes the configured ones). */
const FALLBACK_TIMEOUT_MS = 60_000;
/** Re-auths one request may make when each 401 hit a token that had been working (revoked in use). */
const MAX_REAUTHS_PER_REQUEST = 3;
/** Accepted tokens remembered: a client holds one at a time, a few while a rotation is racing. */
const ACCEPTED_TOKENS_KEPT = 4;
const FALLBACK_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** An error answer's text is read this far: a vendor's message fits many times over. */
const ERROR_BODY_BYTES = 64 * 1024;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest<T> {
  method: HttpMethod;
  /** A path under the base URL, or a full URL on the same origin (paging links). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema?: ZodType<T>;
  /**
   * Instead of `schema`: decodes the body elsewhere (a worker thread). The body is handed over and
   * not read again here; a verdict of not JSON or invalid becomes the same error as a schema's.
   */
  decode?: (body: Buffer, signal?: AbortSignal) => Promise<Decoded<T>>;
  /** Safe to repeat: GET/DELETE always; POST queries that only read (analytics) say so here. */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * What an answer without a body (204, or 200 with no bytes) stands for, where the vendor means "no
   * rows" by it. Without it, such an answer to a request with a schema is a ResponseShapeError.
   */
  onEmpty?: () => T;
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

interface ApiClientOptions {
  vendor: 'genesys' | 'cxone';
  baseUrl: string;
  tokens: TokenProvider;
  budget?: RateBudget;
  clock?: Clock;
  random?: () => number;
  /** Deadline of one attempt, from sending it to the last byte of its body. */
  timeoutMs?: number;
  /** The most bytes one answer may have once decompressed. */
  maxResponseBytes?: number;
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

/**
 * The token endpoint stalled or kept failing (its own retries spent): the vendor is down for this org
 * as surely as when an API request stalls, so the same hold-back applies.
 */
const isTokenEndpointDown = (error: unknown): error is CcpulseError =>
  error instanceof CcpulseError &&
  (error.code === 'TOKEN_ENDPOINT_UNREACHABLE' || error.code === 'TOKEN_ENDPOINT_SERVER_ERROR');

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
  const maxBytes = options.maxResponseBytes ?? FALLBACK_MAX_RESPONSE_BYTES;
  /** The last request the vendor stalled or kept failing, while it still holds the others back. */
  let failing: { path: string; at: number; untilMs: number; error: string } | undefined;
  /**
   * Tokens the vendor has accepted for this client (the last few). A 401 for one of them is a token
   * revoked while in use — by the vendor or by a concurrent request's re-auth racing this one — so
   * it earns another re-auth; a 401 for a token never accepted means the client itself is refused.
   */
  const accepted: string[] = [];
  const noteAccepted = (token: string) => {
    if (accepted.includes(token)) return;
    accepted.push(token);
    if (accepted.length > ACCEPTED_TOKENS_KEPT) accepted.shift();
  };
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
    deadline: { remainingMs: number; totalMs: number },
    canRetry: boolean,
    attempt: number,
    arrived: () => void,
  ): Promise<
    | { kind: 'done'; response: ApiResponse<T> }
    | { kind: 'retry'; failure: RetryableFailure }
    | { kind: 'reauth'; response: Response }
  > {
    // One signal for headers and body: fetch aborts the body stream with it too, so a server that
    // answers headers and then drips its body is cut at the same deadline as one that never answers.
    const timeoutSignal = AbortSignal.timeout(Math.max(1, Math.ceil(deadline.remainingMs)));
    const signal = r.signal ? AbortSignal.any([r.signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    const started = clock.now();
    // Not retried: a vendor that kept one attempt waiting out the deadline would keep the next one too.
    const timedOut = (stage: 'headers' | 'body') => new RequestTimeoutError(r.method, path, deadline.totalMs, stage);
    let response: Response;
    try {
      response = await doFetch(target, {
        method: r.method,
        headers,
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal,
        // The vendors' APIs answer in place; a redirect would come from something else (and a loop
        // of them would only spend the deadline).
        redirect: 'manual',
      });
    } catch (error) {
      if (r.signal?.aborted) throw r.signal.reason;
      if (timeoutSignal.aborted) throw timedOut('headers');
      const failure = new NetworkError(r.method, path, describeNetworkError(error), { cause: error });
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
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new UnexpectedRedirectError(r.method, path, response.status, response.headers.get('location'));
    }
    if (response.status === 401) return { kind: 'reauth', response };
    if (response.ok) noteAccepted(token);
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
    let body: Buffer;
    try {
      body = await readBoundedBody(response, maxBytes);
    } catch (error) {
      if (r.signal?.aborted) throw r.signal.reason;
      if (timeoutSignal.aborted) throw timedOut('body');
      if (error instanceof BodyTooLargeError) throw new ResponseTooLargeError(r.method, path, maxBytes);
      // The connection broke mid-body: like a reset before the answer.
      const failure = new NetworkError(r.method, path, describeNetworkError(error), { cause: error });
      if (canRetry) return { kind: 'retry', failure: new RetryableFailure(failure.code, failure) };
      throw failure;
    }
    const done = (data: T) => ({
      kind: 'done' as const,
      response: { status: response.status, headers: response.headers, data },
    });
    if (body.length === 0 || r.method === 'DELETE') {
      if (r.onEmpty) return done(r.onEmpty());
      if ((!r.schema && !r.decode) || r.method === 'DELETE') return done(undefined as T);
      throw new ResponseShapeError(
        r.method,
        path,
        `HTTP ${response.status} with no body, where the vendor always sends one`,
      );
    }
    const type = response.headers.get('content-type');
    let decoded: Decoded<T>;
    if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type))
      decoded = { ok: false, notJson: `it is ${type.split(';')[0]}` };
    else if (r.decode) {
      decoded = await r.decode(body, r.signal);
      r.signal?.throwIfAborted();
    } else decoded = decodeJsonBody(body, r.schema);
    if (decoded.ok) return done(decoded.data);
    if ('notJson' in decoded) {
      const failure = new ResponseShapeError(r.method, path, `body is not JSON: ${decoded.notJson}`);
      if (canRetry) return { kind: 'retry', failure: new RetryableFailure('malformed JSON', failure) };
      throw failure;
    }
    throw new ResponseShapeError(r.method, path, decoded.invalid);
  }

  async function request<T>(req: ApiRequest<T>): Promise<ApiResponse<T>> {
    const url = resolveUrl(req);
    const path = url.pathname;
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'DELETE');
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? FALLBACK_TIMEOUT_MS;
    if (failing && clock.now() < failing.untilMs) throw new VendorUnresponsiveError(req.method, path, failing);
    const giveUp = (error: Error): Error => {
      // The vendor itself is failing (not pacing us, not refusing this one request): hold the org's
      // other requests back for a deadline rather than let each of them find out the slow way.
      if (!req.signal?.aborted && !(error instanceof ApiRateLimitedError)) {
        const at = clock.now();
        failing = { path, at, untilMs: at + timeoutMs, error: error.message };
      }
      return error;
    };
    let reauths = 0;
    // Time the vendor has had for this request: its attempts and the backoff between them. Waiting
    // for the budget, and the waits a 429 asked for, are pacing, not the vendor being slow.
    let spentMs = 0;
    for (let attempt = 1; ; attempt++) {
      // Released when the answer's headers are in (or the attempt failed): the request has reached
      // the vendor by then, which fixes its place in the window.
      const release = (await options.budget?.acquire(req.signal)) ?? (() => undefined);
      let outcome: Awaited<ReturnType<typeof once<T>>>;
      let token: string;
      const started = clock.now();
      try {
        token = await options.tokens.getToken(req.signal);
        // The attempt's deadline runs on real time (the network's), so its share is measured on real
        // time too: an injected clock that jumps while an answer is on its way is not the vendor's delay.
        const sent = performance.now();
        try {
          const deadline = { remainingMs: timeoutMs - spentMs, totalMs: timeoutMs };
          outcome = await once(req, url, path, token, deadline, idempotent, attempt, release);
        } finally {
          spentMs += performance.now() - sent;
        }
      } catch (error) {
        throw error instanceof RequestTimeoutError || isTokenEndpointDown(error) ? giveUp(error) : error;
      } finally {
        release();
      }
      if (outcome.kind === 'reauth') {
        const revokedInUse = accepted.includes(token);
        if ((reauths > 0 && !revokedInUse) || reauths >= MAX_REAUTHS_PER_REQUEST)
          throw new UnauthorizedError(await detailsOf(req.method, path, outcome.response));
        reauths++;
        await outcome.response.body?.cancel().catch(() => undefined);
        options.tokens.invalidate(token);
        options.observer?.onReauth?.({ method: req.method, path });
        attempt--;
        continue;
      }
      if (outcome.kind === 'done') return outcome.response;
      const { failure } = outcome;
      if (attempt >= maxAttempts) throw giveUp(failure.error);
      const rateLimited = failure.error instanceof ApiRateLimitedError;
      const delayMs =
        rateLimited && failure.error.retryAfterMs !== undefined
          ? failure.error.retryAfterMs
          : fullJitterDelay(attempt, baseDelayMs, maxDelayMs, random);
      if (!rateLimited) {
        spentMs += delayMs;
        if (spentMs >= timeoutMs) throw giveUp(failure.error);
      }
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
      const parsed: unknown = JSON.parse(await readBodyPrefix(response, ERROR_BODY_BYTES));
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
