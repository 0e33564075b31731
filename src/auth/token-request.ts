// Runs one token-endpoint exchange through oauth4webapi, within a deadline, and turns every failure
// into the typed error a person can act on. Exactly one POST: code and refresh-token exchanges are
// never retried blindly (a retried code is a replayed code, and a refresh token already rotated by a
// POST whose answer was lost is spent); the grants that are safe to repeat retry in token-retry.ts.
import * as oauth from 'oauth4webapi';
import { CcpulseError, type Clock, describeNetworkError, parseRetryAfter } from '../core/index.js';
import {
  AccessDeniedError,
  type CredentialContext,
  InvalidClientError,
  InvalidGrantError,
  InvalidScopeError,
  MissingPermissionError,
  RateLimitedError,
  RedirectMismatchError,
  TokenEndpointServerError,
  TokenEndpointUnreachableError,
  TokenResponseError,
  UnauthorizedClientError,
} from './auth-errors.js';
import { type TokenSet, tokenSetFrom } from './token-set.js';

/** One token-endpoint POST and how to read its answer. */
interface TokenExchange {
  ctx: CredentialContext;
  clock: Clock;
  /** The exchange's deadline, headers and body (the request deadline, CCPULSE_REQUEST_TIMEOUT_SECONDS). */
  timeoutMs: number;
  send(signal: AbortSignal): Promise<Response>;
  processResponse(response: Response): Promise<oauth.TokenEndpointResponse>;
  /** The authorize request's redirect URI, so a mismatch names it. */
  redirectUri?: string;
}

export async function exchangeToken(exchange: TokenExchange): Promise<TokenSet> {
  const { ctx, clock, timeoutMs } = exchange;
  // One signal for the POST and the body read: a server that answers headers and stalls the body is
  // cut at the same deadline as one that never answers.
  const signal = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const unreachable = (error: unknown) =>
    new TokenEndpointUnreachableError(
      ctx.tokenUrl,
      signal.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(error),
      { cause: error },
    );
  let response: Response;
  try {
    response = await exchange.send(signal);
  } catch (error) {
    throw unreachable(error);
  }
  if (response.status === 429) {
    await response.body?.cancel().catch(() => undefined);
    throw new RateLimitedError(ctx.tokenUrl, parseRetryAfter(response.headers.get('retry-after'), clock.now()));
  }
  if (response.status >= 500) {
    await response.body?.cancel().catch(() => undefined);
    throw new TokenEndpointServerError(ctx.tokenUrl, response.status);
  }
  try {
    return tokenSetFrom(await exchange.processResponse(response), clock.now());
  } catch (error) {
    // The body broke off or stalled past the deadline: no answer, as a reset before the headers is.
    if (signal.aborted || isBodyReadFailure(error)) throw unreachable(error);
    throw toAuthError(ctx, error, exchange.redirectUri);
  }
}

/** A body that broke off mid-way: oauth4webapi's parse failure whose cause is fetch's TypeError ("terminated"). */
function isBodyReadFailure(error: unknown): boolean {
  return error instanceof oauth.OperationProcessingError && error.cause instanceof TypeError;
}

export function toAuthError(ctx: CredentialContext, error: unknown, redirectUri?: string): Error {
  if (error instanceof oauth.ResponseBodyError) {
    return fromOAuthError(ctx, error.error, error.error_description, error.status, redirectUri, error);
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return fromOAuthError(ctx, error.error, error.error_description, 400, redirectUri, error);
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    const cause = error.cause;
    // Duck-typed: a Response from another realm (or a library's own class) is still a response.
    if ((cause as { status?: unknown } | undefined)?.status === 403) {
      return new MissingPermissionError(ctx.vendor, [], `HTTP 403 from ${ctx.tokenUrl}`);
    }
    return new TokenResponseError(ctx.tokenUrl, error.message, { cause: error });
  }
  if (error instanceof CcpulseError) return error;
  return new TokenResponseError(ctx.tokenUrl, error instanceof Error ? error.message : String(error), { cause: error });
}

/** An OAuth error code (token endpoint body or authorization response) as the typed error that says what to fix. */
function fromOAuthError(
  ctx: CredentialContext,
  code: string,
  description: string | undefined,
  status: number,
  redirectUri: string | undefined,
  cause?: unknown,
): Error {
  const detail = `${code}${description ? `: ${description}` : ''}`;
  switch (code) {
    case 'invalid_client':
      return new InvalidClientError(ctx, detail);
    case 'unauthorized_client':
      return new UnauthorizedClientError(ctx, detail);
    case 'invalid_grant':
      // A redirect_uri differing from the authorize request's is reported as invalid_grant.
      if (redirectUri && /redirect/i.test(description ?? ''))
        return new RedirectMismatchError(ctx.vendor, redirectUri, detail);
      return new InvalidGrantError(ctx, detail);
    case 'invalid_scope':
      return new InvalidScopeError(ctx, detail);
    case 'redirect_uri_mismatch':
      return new RedirectMismatchError(ctx.vendor, redirectUri ?? '(unknown)', detail);
    case 'access_denied':
      return new AccessDeniedError(ctx.vendor, detail);
    default:
      if (status === 403) return new MissingPermissionError(ctx.vendor, [], detail);
      return new TokenResponseError(ctx.tokenUrl, `HTTP ${status} ${detail}`, { cause });
  }
}
