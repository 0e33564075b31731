export {
  AccessDeniedError,
  type CredentialContext,
  InvalidClientError,
  InvalidGrantError,
  InvalidScopeError,
  IssuerMismatchError,
  MissingPermissionError,
  RateLimitedError,
  RedirectMismatchError,
  StateMismatchError,
  TokenEndpointServerError,
  TokenEndpointUnreachableError,
  TokenResponseError,
  UnauthorizedClientError,
} from './auth-errors.js';
export {
  type AuthProfile,
  cxoneProfile,
  genesysProfile,
  isLoopbackHttp,
  type ProfileDeps,
  profileFor,
} from './auth-profile.js';
export { beginLogin, completeLogin, type LoginState } from './authorization-code.js';
export { createDaemonTokenManager, type DaemonTokenDeps, daemonTokenKey } from './daemon-token-manager.js';
export { FileTokenStore } from './file-token-store.js';
export {
  authCodeClient,
  daemonClient,
  type OAuthClientCredentials,
  refreshUserToken,
  requestAccessKeyToken,
  requestClientCredentials,
  revokeTokens,
} from './grants.js';
export { LoginTimeoutError, LoopbackPortInUseError, LoopbackRedirectError, loopbackLogin } from './loopback-login.js';
export {
  DEFAULT_LOCK_TIMING,
  type RedisLockTiming,
  RefreshLockTimeoutError,
  withRedisLock,
} from './redis-refresh-lock.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-token-store.js';
export { loadTokenKey, type Sealed, seal, TokenKeyError, unseal } from './token-encryption.js';
export type { SharedTokenStore } from './token-manager.js';
export { TokenManager, type TokenManagerOptions, type TokenManagerStats, type TokenProvider } from './token-manager.js';
export { refreshAt, type TokenSet, type TokenSetJson, tokenSetFromJson, tokenSetToJson } from './token-set.js';
export { MemoryTokenStore, type StoredToken, type TokenStore } from './token-store.js';
