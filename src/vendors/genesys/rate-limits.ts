// Genesys Cloud's published request limits (design.md §3).

/** Requests per minute one client-credentials token may send. */
export const GENESYS_CLIENT_RATE_PER_MINUTE = 300;
/** Requests per minute one user may send through one OAuth client. */
export const GENESYS_USER_RATE_PER_MINUTE = 3000;
