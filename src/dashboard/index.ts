export { LOGIN_COOKIE, SESSION_COOKIE } from './cookies.js';
export { createDashboardApp, type DashboardApp } from './create-dashboard-app.js';
export { InsecurePublicUrlError, MissingIdTokenError, SessionExpiredError } from './dashboard-errors.js';
export type { DashboardDeps } from './dashboard-runtime.js';
export {
  type OpenedRedisSessionStore,
  type OpenRedisSessionStoreOptions,
  openRedisSessionStore,
  RedisSessionStore,
  type RedisSessionStoreOptions,
  SessionStoreUnavailableError,
} from './redis-session-store.js';
export { safeReturnTo } from './return-to.js';
export { CONTENT_SECURITY_POLICY } from './security-headers.js';
export { MemorySessionStore, type SessionStore } from './session-store.js';
export type { Session, SessionUser } from './session-vault.js';
export { type RunningDashboard, type StartDashboardOptions, startDashboard } from './start-dashboard.js';
