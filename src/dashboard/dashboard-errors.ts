// Failures the dashboard turns into pages a supervisor (or whoever deploys it) can act on.
import { CcpulseError } from '../core/index.js';

export class SessionExpiredError extends CcpulseError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'SESSION_EXPIRED',
      `The dashboard session can no longer reach the vendor (${detail})`,
      'Sign in again; sessions end after a period without use, at the end of the day, or when the vendor revokes the sign-in.',
      options,
    );
  }
}

export class InsecurePublicUrlError extends CcpulseError {
  constructor(publicUrl: string) {
    super(
      'INSECURE_PUBLIC_URL',
      `The dashboard's public URL ${publicUrl} is plain http on a non-loopback host`,
      'Serve the dashboard over https (behind a TLS proxy) and set its public URL to the https address; browsers refuse the secure __Host- session cookie over plain http except on localhost/127.0.0.1.',
    );
  }
}

export class MissingIdTokenError extends CcpulseError {
  constructor() {
    super(
      'MISSING_ID_TOKEN',
      'NICE CXone sent no ID token with the sign-in, so the dashboard cannot tell who signed in',
      'Keep `openid` in CXONE_SCOPES (the default is `openid offline_access`) and allow it on the CXone web client.',
    );
  }
}
