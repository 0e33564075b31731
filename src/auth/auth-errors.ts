// Every way getting a token can fail that a person can fix, each saying what to fix. Messages name
// variables and URLs, never secret values or tokens.
import { envVar, VENDOR_IDENTITY, type Vendor } from '../config/index.js';
import { CcpulseError } from '../core/index.js';

/** Which configuration a failing request came from, so a hint can name the exact variables. */
export interface CredentialContext {
  vendor: Vendor;
  /** e.g. GENESYS_CLIENT_ID */
  clientIdVar: string;
  /** e.g. GENESYS_CLIENT_SECRET */
  clientSecretVar: string;
  /** The grant being attempted, as the user would say it. */
  grant: 'client credentials' | 'access key' | 'authorization code' | 'refresh token';
  tokenUrl: string;
}

const vendorName = (v: Vendor) => VENDOR_IDENTITY[v].label;

/** Where each vendor's admin console lets a client use a grant (Genesys: one grant type per client). */
const GRANT_FIX: { readonly [V in Vendor]: (ctx: CredentialContext) => string } = {
  genesys: (ctx) =>
    `In Genesys Cloud Admin > Integrations > OAuth, use a client whose Grant Type is ${ctx.grant === 'client credentials' ? '"Client Credentials"' : '"Code Authorization"'} (a client has exactly one), and put its id/secret in ${ctx.clientIdVar}/${ctx.clientSecretVar}.`,
  cxone: (ctx) =>
    `In CXone Admin, enable the ${ctx.grant} grant on this OAuth client, or use a client that has it (${ctx.clientIdVar}).`,
};

export class InvalidClientError extends CcpulseError {
  constructor(ctx: CredentialContext, detail: string) {
    super(
      'INVALID_CLIENT',
      `${vendorName(ctx.vendor)} rejected the OAuth client (${detail})`,
      `Check ${ctx.clientIdVar} and ${ctx.clientSecretVar}: the id must be an existing OAuth client of this ${VENDOR_IDENTITY[ctx.vendor].orgNoun} and the secret its current secret (secrets change when regenerated).`,
    );
  }
}

export class UnauthorizedClientError extends CcpulseError {
  constructor(ctx: CredentialContext, detail: string) {
    super(
      'UNAUTHORIZED_CLIENT',
      `The OAuth client ${ctx.clientIdVar} is not allowed to use the ${ctx.grant} grant (${detail})`,
      GRANT_FIX[ctx.vendor](ctx),
    );
  }
}

export class InvalidGrantError extends CcpulseError {
  constructor(ctx: CredentialContext, detail: string) {
    const hint =
      ctx.grant === 'access key'
        ? 'Check CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET: the key must be active on an API user with reporting permissions.'
        : ctx.grant === 'authorization code'
          ? 'Codes are single-use and expire within minutes: start the login again (never replay a callback URL).'
          : 'The refresh token is expired, revoked or already used (rotation): sign in again.';
    super('INVALID_GRANT', `${vendorName(ctx.vendor)} refused the ${ctx.grant} (${detail})`, hint);
  }
}

export class InvalidScopeError extends CcpulseError {
  constructor(ctx: CredentialContext, detail: string) {
    super(
      'INVALID_SCOPE',
      `${vendorName(ctx.vendor)} refused the requested scopes (${detail})`,
      `Request only scopes the OAuth client ${ctx.clientIdVar} has been given (${envVar(ctx.vendor, 'SCOPES')}), or add them to the client in the admin console.`,
    );
  }
}

export class MissingPermissionError extends CcpulseError {
  readonly missingPermissions: string[];
  constructor(vendor: Vendor, missing: string[], detail: string) {
    super(
      'MISSING_PERMISSION',
      `${vendorName(vendor)} denied access: ${detail}`,
      missing.length > 0
        ? `Ask an admin to grant ${missing.join(', ')} (Genesys: a role on the OAuth client for the daemon, or on the user for logins; CXone: the security profile).`
        : 'Ask an admin for the role/permission this report needs.',
    );
    this.missingPermissions = missing;
  }
}

export class RedirectMismatchError extends CcpulseError {
  constructor(vendor: Vendor, redirectUri: string, detail: string) {
    const variable = envVar(vendor, 'REDIRECT_URI');
    super(
      'REDIRECT_MISMATCH',
      `${vendorName(vendor)} does not have the redirect URI '${redirectUri}' registered for this client (${detail})`,
      `Register exactly '${redirectUri}' on the OAuth client (scheme, host, port, path and trailing slash must match), or set ${variable} to the URI that is registered.`,
    );
  }
}

export class StateMismatchError extends CcpulseError {
  constructor() {
    super(
      'STATE_MISMATCH',
      'The login callback does not belong to a login this app started (state missing, wrong or already used)',
      'Start the login again from the app; do not reuse or bookmark callback URLs.',
    );
  }
}

export class IssuerMismatchError extends CcpulseError {
  constructor(expected: string, actual: string) {
    super(
      'ISSUER_MISMATCH',
      `The login callback came from '${actual}' but this login was started at '${expected}'`,
      'Each vendor has its own redirect URI; start the login again with the vendor you meant.',
    );
  }
}

export class AccessDeniedError extends CcpulseError {
  constructor(vendor: Vendor, detail: string) {
    super(
      'ACCESS_DENIED',
      `The sign-in to ${vendorName(vendor)} was declined (${detail})`,
      'Sign in again and allow access; if you did not decline, ask an admin whether this app is allowed for your account.',
    );
  }
}

export class TokenEndpointUnreachableError extends CcpulseError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super(
      'TOKEN_ENDPOINT_UNREACHABLE',
      `Could not reach the token endpoint ${url} (${detail})`,
      'Check the region/issuer setting (GENESYS_REGION or CXONE_ISSUER), DNS and any proxy/firewall; `ccpulse token <vendor>` retries just this step.',
      options,
    );
  }
}

export class TokenEndpointServerError extends CcpulseError {
  constructor(url: string, status: number) {
    super(
      'TOKEN_ENDPOINT_SERVER_ERROR',
      `The token endpoint ${url} had a server error (HTTP ${status})`,
      'The vendor (or a proxy in front of it) is failing: the daemon tries again on its next run; check the vendor status page if it lasts.',
    );
  }
}

export class RateLimitedError extends CcpulseError {
  readonly retryAfterMs: number | undefined;
  constructor(url: string, retryAfterMs: number | undefined) {
    super(
      'TOKEN_RATE_LIMITED',
      `The vendor rate-limited ${url}${retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : ''}`,
      'Wait and try again; requesting tokens in a loop is the usual cause: reuse cached tokens (ccpulse does) and run fewer processes per client.',
    );
    this.retryAfterMs = retryAfterMs;
  }
}

export class TokenResponseError extends CcpulseError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super(
      'TOKEN_RESPONSE_INVALID',
      `The token endpoint ${url} answered with something that is not a valid token response (${detail})`,
      'Check that the URL points at the vendor (GENESYS_LOGIN_URL / CXONE_ISSUER) and not at a proxy or captive portal.',
      options,
    );
  }
}
