// The daemon's own token request, exactly as the daemon makes it (src/auth), read as three checks:
// the client id/secret, the grant on that client, and for CXone the access key. A rejected client
// is followed by one authorize-endpoint probe that tells whether the id or the secret is wrong.
import {
  type AuthProfile,
  daemonClient,
  InvalidClientError,
  InvalidGrantError,
  RateLimitedError,
  type TokenManager,
  UnauthorizedClientError,
} from '../auth/index.js';
import { type OrgConfig, VENDOR_IDENTITY } from '../config/index.js';
import { daemonTokens, type Runtime } from '../connect/index.js';
import { CcpulseError, redactToken } from '../core/index.js';
import { isRedirectRefusal, isUnknownClient, probeAuthorize } from './authorize-probe.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';

interface CredentialOutcome {
  checks: CheckResult[];
  /** The daemon's token source, when a token was obtained. */
  tokens: TokenManager | undefined;
  /** The token endpoint answered 429. */
  rateLimited: RateLimitedError | undefined;
}

const CLIENT = 'client id/secret';
const GRANT = 'grant type';
const KEY = 'access key';

export async function checkDaemonCredentials(
  org: OrgConfig,
  profile: AuthProfile,
  runtime: Runtime,
): Promise<CredentialOutcome> {
  const client = daemonClient(org);
  const maskedId = `${client.idVar} ${redactToken(client.clientId)}`;
  // The config refuses CXONE_GRANT=access-key without a key id, so a key id here means the key grant.
  const keyId = org.daemonGrant === 'access-key' ? org.accessKeyId : undefined;
  const usesKey = keyId !== undefined;
  const grantName = usesKey ? 'access key' : 'client credentials';
  const why = ` (${org.daemonGrant}: ${org.daemonGrantReason})`;
  const keyCheck = (check: () => CheckResult): CheckResult[] => (usesKey ? [check()] : []);
  const manager = daemonTokens(org, runtime);
  try {
    const token = await manager.current();
    const life = Math.round((token.expiresAt - token.issuedAt) / 1000);
    return {
      checks: [
        passed('client', CLIENT, `${maskedId} and its secret accepted by ${String(profile.as.token_endpoint)}`),
        passed('grant', GRANT, `the daemon's ${grantName} grant works${why}; token lifetime ${life} s`, {
          data: { grant: org.daemonGrant },
        }),
        ...keyCheck(() => passed('access-key', KEY, `CXONE_ACCESS_KEY_ID ${redactToken(keyId ?? '')} accepted`)),
      ],
      tokens: manager,
      rateLimited: undefined,
    };
  } catch (error) {
    if (!(error instanceof CcpulseError)) throw error;
    const notReached = (id: string, title: string) => skipped(id, title, 'needs an accepted client id/secret');
    if (error instanceof InvalidClientError) {
      return {
        checks: [
          failed('client', CLIENT, error.message, await whichValueToCheck(org, profile, error.hint)),
          notReached('grant', GRANT),
          ...keyCheck(() => notReached('access-key', KEY)),
        ],
        tokens: undefined,
        rateLimited: undefined,
      };
    }
    if (error instanceof UnauthorizedClientError) {
      return {
        checks: [
          passed('client', CLIENT, `${maskedId} and its secret accepted`),
          failed('grant', GRANT, `${error.message}${why}`, error.hint),
          ...keyCheck(() => skipped('access-key', KEY, 'needs the grant on the OAuth client')),
        ],
        tokens: undefined,
        rateLimited: undefined,
      };
    }
    if (error instanceof InvalidGrantError && usesKey) {
      return {
        checks: [
          passed('client', CLIENT, `${maskedId} and its secret accepted`),
          passed('grant', GRANT, `the OAuth client may use the access key grant${why}`),
          failed('access-key', KEY, error.message, error.hint),
        ],
        tokens: undefined,
        rateLimited: undefined,
      };
    }
    if (error instanceof RateLimitedError) {
      return {
        checks: [
          skipped('client', CLIENT, 'the token endpoint rate-limited the request (see rate-limit headroom)'),
          skipped('grant', GRANT, 'the token endpoint rate-limited the request'),
          ...keyCheck(() => skipped('access-key', KEY, 'the token endpoint rate-limited the request')),
        ],
        tokens: undefined,
        rateLimited: error,
      };
    }
    return {
      checks: [
        failed('client', CLIENT, error.message, error.hint),
        notReached('grant', GRANT),
        ...keyCheck(() => notReached('access-key', KEY)),
      ],
      tokens: undefined,
      rateLimited: undefined,
    };
  }
}

/**
 * The token endpoint says only "invalid_client". The authorize endpoint tells an unknown client id
 * from a known one, so one probe there says which of the two values to fix.
 */
async function whichValueToCheck(org: OrgConfig, profile: AuthProfile, fallback: string): Promise<string> {
  const client = daemonClient(org);
  const masked = `${client.idVar} (${redactToken(client.clientId)})`;
  let outcome: Awaited<ReturnType<typeof probeAuthorize>>;
  try {
    outcome = await probeAuthorize(profile, client, org.redirectUri ?? 'http://127.0.0.1/ccpulse-doctor', []);
  } catch {
    return fallback;
  }
  if (isUnknownClient(outcome)) {
    return `Check ${masked}: the vendor does not know this client id (its authorize endpoint answers invalid_client). Copy the Client ID of the daemon's OAuth client of this ${VENDOR_IDENTITY[org.vendor].orgNoun}.`;
  }
  if (outcome.kind !== 'refused' || isRedirectRefusal(outcome)) {
    return `Check ${client.secretVar}: the client id ${masked} exists (the authorize endpoint knows it), so the secret is wrong. Paste the client's current secret; regenerating a secret replaces the old one.`;
  }
  return fallback;
}
