// How to talk OAuth to one vendor org: the authorization-server metadata (built from the region for
// Genesys, discovered for CXone), request options, and how that vendor revokes tokens.
import * as oauth from 'oauth4webapi';
import { type CxoneConfig, DEFAULT_LIMITS, type GenesysConfig, type OrgConfig, type Vendor } from '../config/index.js';
import { describeNetworkError, isLoopbackHttpUrl } from '../core/index.js';
import { TokenEndpointUnreachableError, TokenResponseError } from './auth-errors.js';

export interface AuthProfile {
  vendor: Vendor;
  as: oauth.AuthorizationServer;
  /**
   * Options for every oauth4webapi request: the caller's deadline (`signal`; the profile's own
   * timeout without one), and plain http only for loopback emulators.
   */
  requestOptions(signal?: AbortSignal): OAuthRequestOptions;
  /** Genesys revokes with DELETE /api/v2/tokens/me on the API host; CXone with RFC 7009. */
  revocation: { kind: 'genesys-tokens-me'; apiUrl: string } | { kind: 'rfc7009' };
}

export type OAuthRequestOptions = Pick<
  oauth.HttpRequestOptions<'POST', URLSearchParams>,
  'signal' | typeof oauth.allowInsecureRequests | typeof oauth.customFetch
>;

export interface ProfileDeps {
  fetch?: typeof fetch;
  /** The request deadline (CCPULSE_REQUEST_TIMEOUT_SECONDS) for discovery and signal-less requests. */
  timeoutMs?: number;
}

const profiles = new Map<string, Promise<AuthProfile>>();

export function isLoopbackHttp(url: string): boolean {
  return isLoopbackHttpUrl(new URL(url));
}

function requestOptionsFor(url: string, deps: ProfileDeps): (signal?: AbortSignal) => OAuthRequestOptions {
  const insecure = isLoopbackHttp(url);
  return (signal) => ({
    signal: signal ?? AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs),
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(deps.fetch ? { [oauth.customFetch]: deps.fetch } : {}),
  });
}

export function genesysProfile(org: GenesysConfig, deps: ProfileDeps = {}): AuthProfile {
  return {
    vendor: 'genesys',
    as: {
      issuer: org.loginUrl,
      token_endpoint: `${org.loginUrl}/oauth/token`,
      authorization_endpoint: `${org.loginUrl}/oauth/authorize`,
      code_challenge_methods_supported: ['S256'],
    },
    requestOptions: requestOptionsFor(org.loginUrl, deps),
    revocation: { kind: 'genesys-tokens-me', apiUrl: org.apiUrl },
  };
}

/** CXone metadata by OpenID discovery, fetched once per issuer and process. */
export function cxoneProfile(org: CxoneConfig, deps: ProfileDeps = {}): Promise<AuthProfile> {
  const cacheKey = org.issuer;
  let profile = profiles.get(cacheKey);
  if (!profile) {
    profile = discover(org, deps);
    profiles.set(cacheKey, profile);
    profile.catch(() => profiles.delete(cacheKey));
  }
  return profile;
}

async function discover(org: CxoneConfig, deps: ProfileDeps): Promise<AuthProfile> {
  const issuer = new URL(org.issuer);
  const requestOptions = requestOptionsFor(org.issuer, deps);
  const discoveryUrl = `${org.issuer}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await oauth.discoveryRequest(issuer, requestOptions() as oauth.DiscoveryRequestOptions);
  } catch (error) {
    throw new TokenEndpointUnreachableError(discoveryUrl, describeNetworkError(error), { cause: error });
  }
  try {
    const as = await oauth.processDiscoveryResponse(issuer, response);
    return { vendor: 'cxone', as, requestOptions, revocation: { kind: 'rfc7009' } };
  } catch (error) {
    throw new TokenResponseError(discoveryUrl, 'OpenID discovery document invalid or for another issuer', {
      cause: error,
    });
  }
}

/** How each vendor's OAuth metadata is found; keyed by Vendor, so a new vendor must say. */
const PROFILES: {
  readonly [V in Vendor]: (org: Extract<OrgConfig, { vendor: V }>, deps: ProfileDeps) => Promise<AuthProfile>;
} = {
  genesys: async (org, deps) => genesysProfile(org, deps),
  cxone: cxoneProfile,
};

export function profileFor<O extends OrgConfig>(org: O, deps: ProfileDeps = {}): Promise<AuthProfile> {
  // The table's entry for org.vendor takes exactly that vendor's org type.
  const find = PROFILES[org.vendor] as (org: O, deps: ProfileDeps) => Promise<AuthProfile>;
  return find(org, deps);
}
