export { LOGIN_COOKIE, SESSION_COOKIE } from './cookies.js';
export { createDashboardApp } from './create-dashboard-app.js';
export { InsecurePublicUrlError } from './dashboard-errors.js';
export type { DashboardDeps } from './dashboard-runtime.js';
export {
  openRedisSessionStore,
  RedisSessionStore,
  SessionStoreUnavailableError,
} from './redis-session-store.js';
export { safeReturnTo } from './return-to.js';
export { CONTENT_SECURITY_POLICY } from './security-headers.js';
export { MemorySessionStore } from './session-store.js';

export { type RunningDashboard, startDashboard } from './start-dashboard.js';
