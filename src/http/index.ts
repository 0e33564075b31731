export {
  type ApiClient,
  type ApiObserver,
  createApiClient,
} from './api-client.js';
export {
  ApiError,
  ApiRateLimitedError,
  ForbiddenError,
  ForeignOriginError,
  NotFoundError,
  RequestTimeoutError,
  ResponseShapeError,
  UnauthorizedError,
} from './api-errors.js';
export type { Decoded } from './decode-body.js';
export { genesysListPages } from './paging.js';
export { pollJob } from './poll-job.js';
export { type RateBudget, WindowBudget } from './rate-budget.js';
export { RedisRateBudget, SharedBudgetUnavailableError } from './shared-rate-budget.js';
