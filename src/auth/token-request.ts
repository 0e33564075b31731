// Runs one token-endpoint exchange through oauth4webapi and turns every failure into the typed
// error a person can act on. Exactly one POST: code and refresh-token exchanges are never retried
// blindly (a retried code is a replayed code).
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
  TokenEndpointUnreachableError,
  TokenResponseError,
  UnauthorizedClientError,
} from './auth-errors.js';
import { type TokenSet, tokenSetFrom } from './token-set.js';

export async function exchangeToken(
  ctx: CredentialContext,
  clock: Clock,
  send: () => Promise<Response>,
  processResponse: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  extra?: { redirectUri?: string },
): Promise<TokenSet> {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    throw new TokenEndpointUnreachableError(ctx.tokenUrl, describeNetworkError(error), { cause: error });
  }
  if (response.status === 429) {
    throw new RateLimitedError(ctx.tokenUrl, parseRetryAfter(response.headers.get('retry-after'), clock.now()));
  }
  try {
    return tokenSetFrom(await processResponse(response), clock.now());
  } catch (error) {
    throw toAuthError(ctx, error, extra?.redirectUri);
  }
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
