export { LOGIN_COOKIE, SESSION_COOKIE } from './cookies.js';
export { createDashboardApp } from './create-dashboard-app.js';
export { createCxoneDashboardData } from './cxone-data.js';
export type { AgentActivity, DashboardData, UserAccess } from './dashboard-data.js';
export { InsecurePublicUrlError, MissingIdTokenError, SessionExpiredError } from './dashboard-errors.js';
export type { DashboardDeps } from './dashboard-runtime.js';
export {
  type AgentView,
  type DashboardView,
  loadDashboardView,
  type QueueView,
  todayWindow,
} from './dashboard-view.js';
export { createGenesysDashboardData } from './genesys-data.js';
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
