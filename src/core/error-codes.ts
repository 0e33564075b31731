// Every code a CcpulseError can carry, with its kind, so a caller decides what to do from the kind
// instead of a list of classes: the CLI exits 2 for `config`, logs say which failures need a person.
//   config      the configuration or the command line is wrong: fix it and run again
//   permission  a role, scope or security profile is missing at the vendor: ask an admin
//   vendor      the vendor (or whoever answered for it) said something ccpulse cannot use
//   transient   something is down, slow or busy: the same request later may work
//   local       ccpulse's own state (the database file) is damaged: restore it or move it aside

export type ErrorKind = 'config' | 'permission' | 'vendor' | 'transient' | 'local';

export const ERROR_CODES = {
  // configuration and input
  CONFIG_INVALID: 'config',
  CLI_INPUT: 'config',
  QUERY_INPUT: 'config',
  REPORT_INPUT: 'config',
  SCHEDULE_INVALID: 'config',
  PORT_IN_USE: 'config',
  INSECURE_PUBLIC_URL: 'config',
  REDIRECT_NOT_LOOPBACK: 'config',
  REDIRECT_PORT_IN_USE: 'config',
  SHARED_TOKEN_KEY_MISSING: 'config',
  TOKEN_KEY_INVALID: 'config',
  STORE_NOT_WRITABLE: 'config',
  STORE_SCHEMA_TOO_NEW: 'config',
  STORE_UNKNOWN_RELATION: 'config',
  // the vendor refused this configuration: wrong client, grant, scope, redirect URI or tenant
  INVALID_CLIENT: 'vendor',
  UNAUTHORIZED_CLIENT: 'vendor',
  INVALID_SCOPE: 'vendor',
  REDIRECT_MISMATCH: 'vendor',
  CXONE_DISCOVERY: 'vendor',
  MISSING_ID_TOKEN: 'vendor',
  // permissions
  MISSING_PERMISSION: 'permission',
  FORBIDDEN: 'permission',
  ACCESS_DENIED: 'permission',
  // what the vendor answered
  INVALID_GRANT: 'vendor',
  STATE_MISMATCH: 'vendor',
  ISSUER_MISMATCH: 'vendor',
  SESSION_EXPIRED: 'vendor',
  TOKEN_RESPONSE_INVALID: 'vendor',
  API_ERROR: 'vendor',
  UNAUTHORIZED: 'vendor',
  NOT_FOUND: 'vendor',
  RESPONSE_SHAPE: 'vendor',
  RESPONSE_TOO_LARGE: 'vendor',
  UNEXPECTED_REDIRECT: 'vendor',
  FOREIGN_ORIGIN: 'vendor',
  UNEXPECTED_PUSH: 'vendor',
  CXONE_DATE_RANGE: 'vendor',
  CXONE_CONTACTS_STUCK: 'vendor',
  CXONE_EXTRACTION_FAILED: 'vendor',
  DETAILS_JOB_FAILED: 'vendor',
  JOB_WINDOW_GAVE_UP: 'vendor',
  // bench: ccpulse and the vendor's SDK read different data from the same emulator
  SDK_COMPARE_DATA_MISMATCH: 'vendor',
  // down, slow or busy
  TOKEN_RATE_LIMITED: 'transient',
  RATE_LIMITED: 'transient',
  TOKEN_ENDPOINT_UNREACHABLE: 'transient',
  TOKEN_ENDPOINT_SERVER_ERROR: 'transient',
  REQUEST_TIMEOUT: 'transient',
  VENDOR_UNRESPONSIVE: 'transient',
  WINDOW_TIMEOUT: 'transient',
  NETWORK_ERROR: 'transient',
  SERVER_ERROR: 'transient',
  NOTIFICATION_SOCKET: 'transient',
  LOGIN_TIMEOUT: 'transient',
  REFRESH_LOCK_TIMEOUT: 'transient',
  SHARED_BUDGET_UNAVAILABLE: 'transient',
  SESSION_STORE_UNAVAILABLE: 'transient',
  LEASES_UNAVAILABLE: 'transient',
  STORE_CONNECT: 'transient',
  STORE_WRITE: 'transient',
  CXONE_EXTRACTION_BUSY: 'transient',
  CXONE_EXTRACTION_DOWNLOAD: 'transient',
  CXONE_EXTRACTION_URL_EXPIRED: 'transient',
  SYNC_FAILED: 'transient',
  DECODE_WORKER_FAILED: 'transient',
  // ccpulse's own state
  STORE_DAMAGED: 'local',
  STORE_MIGRATION: 'local',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;
