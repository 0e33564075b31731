// Who signed in, asked once at the callback: the ID token's subject and name when the vendor sent one
// (CXone with `openid`; oauth4webapi has checked its issuer, audience, expiry and nonce), otherwise
// the vendor's "me" endpoint (Genesys GET /api/v2/users/me) over a client on the new token set.
import type { TokenSet } from '../auth/index.js';
import type { OrgConfig, Vendor } from '../config/index.js';
import type { ApiClient } from '../http/index.js';
import { currentUser } from '../vendors/genesys/index.js';
import { MissingIdTokenError } from './dashboard-errors.js';
import type { SessionUser } from './session-vault.js';

/** Who the token belongs to, asked of the vendor; keyed by Vendor, so a new vendor must say how. */
const WHO_SIGNED_IN: { readonly [V in Vendor]: (client: ApiClient) => Promise<SessionUser> } = {
  genesys: (client) => currentUser(client),
  // CXone's classic API has no "who am I" this dashboard uses: the ID token must say it.
  cxone: async () => {
    throw new MissingIdTokenError();
  },
};

export async function identifyUser(
  org: OrgConfig,
  tokens: TokenSet,
  client: () => Promise<ApiClient>,
): Promise<SessionUser> {
  const claims = tokens.idToken ? idTokenClaims(tokens.idToken.reveal()) : undefined;
  if (claims && typeof claims.sub === 'string') {
    const name = [claims.name, claims.preferred_username, claims.email].find((v) => typeof v === 'string');
    return { id: claims.sub, name: typeof name === 'string' ? name : claims.sub };
  }
  return WHO_SIGNED_IN[org.vendor](await client());
}

function idTokenClaims(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
