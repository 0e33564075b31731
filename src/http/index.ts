export {
  type ApiClient,
  type ApiClientOptions,
  type ApiObserver,
  type ApiRequest,
  type ApiResponse,
  createApiClient,
  type HttpMethod,
} from './api-client.js';
export {
  ApiError,
  type ApiErrorDetails,
  ApiRateLimitedError,
  ForbiddenError,
  ForeignOriginError,
  NetworkError,
  NotFoundError,
  parseMissingPermissions,
  RequestTimeoutError,
  ResponseShapeError,
  ResponseTooLargeError,
  UnauthorizedError,
  UnexpectedRedirectError,
  VendorUnresponsiveError,
} from './api-errors.js';
export { fullJitterDelay } from './backoff.js';

export { cursorPages, genesysListPages, overfullPage } from './paging.js';
export { pollJob } from './poll-job.js';
export { type RateBudget, type ReleasePermit, WindowBudget, type WindowBudgetOptions } from './rate-budget.js';
export { RedisRateBudget, type RedisRateBudgetOptions, SharedBudgetUnavailableError } from './shared-rate-budget.js';
