import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createDaemonTokenManager,
  daemonClient,
  genesysProfile,
  InvalidClientError,
  InvalidGrantError,
  requestClientCredentials,
  TokenEndpointUnreachableError,
  UnauthorizedClientError,
} from '../../src/auth/index.js';
import { type CxoneConfig, findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { Secret } from '../../src/core/index.js';
import { type RunningEmulator, seedClient, startEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
let genesys: GenesysConfig;
let cxone: CxoneConfig;

before(async () => {
  emulator = await startEmulator({ seed: 3 });
  const config = parseConfig(emulator.env());
  genesys = findOrg(config, 'genesys');
  cxone = findOrg(config, 'cxone');
});
after(() => emulator.close());

const bearerGet = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe('client credentials and access keys', () => {
  test('Genesys client credentials: a token the API accepts, with the lifetime the server gave', async () => {
    const manager = createDaemonTokenManager(genesys);
    const token = await manager.getToken();
    const me = await bearerGet(`${genesys.apiUrl}/api/v2/tokens/me`, token);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { OAuthClient: { id: string } }).OAuthClient.id, genesys.clientId);
    const set = await manager.current();
    assert.equal(set.expiresAt - set.issuedAt, 86_400_000);
    assert.equal(set.refreshToken, undefined, 'client credentials never come with a refresh token');
  });

  test('CXone access key (the default for the daemon): a JWT for the API user, carrying the tenant', async () => {
    assert.equal(cxone.daemonGrant, 'access-key');
    const token = await createDaemonTokenManager(cxone).getToken();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.equal(claims.tenantId, emulator.org.cxone.tenantId);
    assert.match(String(claims.sub), /^user:/);
    const grants = emulator.context.stats.tokenRequests.filter((r) => r.vendor === 'cxone').map((r) => r.grant);
    assert.ok(grants.includes('password'));
  });

  test('CXone client credentials when configured so', async () => {
    const org: CxoneConfig = { ...cxone, daemonGrant: 'client-credentials' };
    const token = await createDaemonTokenManager(org).getToken();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.match(String(claims.sub), /^client:/);
  });

  test('a wrong secret is InvalidClientError naming the variables to check', async () => {
    const org: GenesysConfig = { ...genesys, clientSecret: new Secret('wrong') };
    const error = await createDaemonTokenManager(org)
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof InvalidClientError, String(error));
    assert.match(error.hint, /GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET/);
    assert.ok(!error.message.includes('wrong'));
  });

  test('a client without the grant is UnauthorizedClientError saying which grant type to pick', async () => {
    const web = seedClient(emulator.org, 'genesys', 'web');
    const org: GenesysConfig = { ...genesys, clientId: web.id, clientSecret: genesys.authCodeClientSecret };
    const error = await requestClientCredentials(genesysProfile(org), daemonClient(org)).catch((e: unknown) => e);
    assert.ok(error instanceof UnauthorizedClientError, String(error));
    assert.match(error.hint, /Client Credentials/);
  });

  test('a wrong access key secret is InvalidGrantError pointing at the access key variables', async () => {
    const org: CxoneConfig = { ...cxone, accessKeySecret: new Secret('nope') };
    const error = await createDaemonTokenManager(org)
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof InvalidGrantError, String(error));
    assert.match(error.hint, /CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET/);
  });

  test('an unreachable token endpoint says which URL and what to check', async () => {
    const org: GenesysConfig = { ...genesys, loginUrl: 'http://127.0.0.1:9' };
    const error = await createDaemonTokenManager(org)
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof TokenEndpointUnreachableError, String(error));
    assert.match(error.message, /http:\/\/127\.0\.0\.1:9\/oauth\/token/);
    assert.match(error.hint, /GENESYS_REGION or CXONE_ISSUER/);
  });
});
