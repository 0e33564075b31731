// The token endpoint under the same rules as the API: one deadline (CCPULSE_REQUEST_TIMEOUT_SECONDS)
// for the whole token request, a few retries of the grants that are safe to repeat (client
// credentials, CXone's access key) on a reset, a refusal, a 5xx or a 429, and exactly one POST for a
// code or refresh-token exchange whatever happens. Each test's token endpoint is its own small
// server on 127.0.0.1 that misbehaves in one scripted way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  authCodeClient,
  beginLogin,
  completeLogin,
  genesysProfile,
  RateLimitedError,
  refreshUserToken,
  TokenEndpointUnreachableError,
} from '../../src/auth/index.js';
import { type CxoneConfig, DEFAULT_LIMITS, findOrg, type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { connectOrg, createRuntime, daemonTokens } from '../../src/connect/index.js';
import { CcpulseError, Secret } from '../../src/core/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { json, startTestServer, type TestServer } from '../support/test-server.js';

let emulator: RunningEmulator;
let genesys: GenesysConfig;
let cxone: CxoneConfig;
const servers: TestServer[] = [];

before(async () => {
  emulator = await startEmulator({ seed: 17 });
  const config = parseConfig(emulator.env());
  genesys = findOrg(config, 'genesys');
  cxone = findOrg(config, 'cxone');
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await emulator.close();
});

const TOKEN = { access_token: 'token-from-test-server', token_type: 'bearer', expires_in: 3600 };

/** A token endpoint answering the n-th POST (1-based) as `answer` says; discovery for CXone. */
async function tokenEndpoint(answer: (hit: number, res: import('node:http').ServerResponse) => void) {
  let posts = 0;
  const server = await startTestServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/.well-known/openid-configuration')) {
      return json(res, 200, { issuer: server.url, token_endpoint: `${server.url}/auth/token` });
    }
    posts++;
    answer(posts, res);
  });
  servers.push(server);
  return { server, posts: () => posts };
}

const reset = (res: import('node:http').ServerResponse) => res.socket?.destroy();
/** The runtime of a process whose request deadline is `ms`; no jitter, so retries come at once. */
const runtimeWith = (ms: number) =>
  createRuntime({ limits: { ...DEFAULT_LIMITS, requestTimeoutMs: ms }, random: () => 0 });

describe('client credentials and access-key token requests are retried within the deadline', () => {
  test('a connection reset on the first token POST is retried, and the second answer is used', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) => (hit === 1 ? reset(res) : json(res, 200, TOKEN)));
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const token = await daemonTokens(org, runtimeWith(10_000)).getToken();
    assert.equal(token, TOKEN.access_token);
    assert.equal(posts(), 2);
  });

  test('a CXone access-key token POST reset once is retried', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) => (hit === 1 ? reset(res) : json(res, 200, TOKEN)));
    const org: CxoneConfig = { ...cxone, issuer: server.url, daemonGrant: 'access-key' };
    assert.ok(org.accessKeyId && org.accessKeySecret, 'the emulator configures an access key');
    const token = await daemonTokens(org, runtimeWith(10_000)).getToken();
    assert.equal(token, TOKEN.access_token);
    assert.equal(posts(), 2);
  });

  test('503 then 200: the 200 is used', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) =>
      hit === 1 ? json(res, 503, { error: 'temporarily_unavailable' }) : json(res, 200, TOKEN),
    );
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    assert.equal(await daemonTokens(org, runtimeWith(10_000)).getToken(), TOKEN.access_token);
    assert.equal(posts(), 2);
  });

  test('429 with Retry-After: the retry waits as asked, then succeeds', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) =>
      hit === 1 ? json(res, 429, { error: 'too_many_requests' }, { 'retry-after': '1' }) : json(res, 200, TOKEN),
    );
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const started = performance.now();
    assert.equal(await daemonTokens(org, runtimeWith(10_000)).getToken(), TOKEN.access_token);
    assert.ok(performance.now() - started >= 950, 'the retry waited for Retry-After');
    assert.equal(posts(), 2);
  });

  test('a Retry-After past the deadline is not waited for: RateLimitedError at once, one POST', async () => {
    const { server, posts } = await tokenEndpoint((_hit, res) =>
      json(res, 429, { error: 'too_many_requests' }, { 'retry-after': '30' }),
    );
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const started = performance.now();
    const error = await daemonTokens(org, runtimeWith(2000))
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError, String(error));
    assert.ok(performance.now() - started < 1000);
    assert.equal(posts(), 1);
  });

  test('an endpoint that keeps failing gets a few attempts, not an endless loop', async () => {
    const { server, posts } = await tokenEndpoint((_hit, res) => json(res, 502, { error: 'bad_gateway' }));
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const error = await daemonTokens(org, runtimeWith(10_000))
      .getToken()
      .catch((e: unknown) => e);
    assert.ok(error instanceof CcpulseError && error.kind === 'transient', String(error));
    assert.match(error.message, /502/);
    assert.ok(posts() >= 2 && posts() <= 5, `${posts()} attempts`);
  });
});

describe('the token request is bounded by the request deadline', () => {
  test('a token endpoint that hangs fails the request within CCPULSE_REQUEST_TIMEOUT_SECONDS, and holds the org back', async () => {
    const { server, posts } = await tokenEndpoint(() => undefined);
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const { client } = await connectOrg(org, runtimeWith(600));
    const started = performance.now();
    const error = await client.request({ method: 'GET', path: '/api/v2/users/me' }).catch((e: unknown) => e);
    const took = performance.now() - started;
    assert.ok(error instanceof TokenEndpointUnreachableError, String(error));
    assert.ok(took >= 550 && took < 2000, `failed after ${Math.round(took)} ms`);
    // The org's next request does not wait out another deadline on the same stalled endpoint.
    const again = await client.request({ method: 'GET', path: '/api/v2/routing/queues' }).catch((e: unknown) => e);
    assert.ok(again instanceof CcpulseError && again.code === 'VENDOR_UNRESPONSIVE', String(again));
    assert.equal(posts(), 1);
  });
});

describe('code and refresh-token exchanges are never retried', () => {
  const login = async (org: GenesysConfig) => {
    const profile = genesysProfile(org);
    const client = authCodeClient(org);
    const redirectUri = 'http://127.0.0.1:8765/callback';
    const { loginState } = await beginLogin(profile, client, { redirectUri, scopes: [] });
    const callback = new URL(`${redirectUri}?code=one-time-code&state=${loginState.state}`);
    return completeLogin(profile, client, loginState, callback, { timeoutMs: 10_000 });
  };

  test('a reset on the code exchange is one POST and TokenEndpointUnreachableError', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) => (hit === 1 ? reset(res) : json(res, 200, TOKEN)));
    const error = await login({ ...genesys, loginUrl: server.url }).catch((e: unknown) => e);
    assert.ok(error instanceof TokenEndpointUnreachableError, String(error));
    assert.equal(posts(), 1);
  });

  test('a 503 on the code exchange is one POST', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) =>
      hit === 1 ? json(res, 503, {}) : json(res, 200, TOKEN),
    );
    const error = await login({ ...genesys, loginUrl: server.url }).catch((e: unknown) => e);
    assert.ok(error instanceof CcpulseError && error.kind === 'transient', String(error));
    assert.equal(posts(), 1);
  });

  test('a reset on a refresh-token exchange is one POST', async () => {
    const { server, posts } = await tokenEndpoint((hit, res) => (hit === 1 ? reset(res) : json(res, 200, TOKEN)));
    const org: GenesysConfig = { ...genesys, loginUrl: server.url };
    const error = await refreshUserToken(genesysProfile(org), authCodeClient(org), new Secret('refresh-me'), {
      timeoutMs: 10_000,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof TokenEndpointUnreachableError, String(error));
    assert.equal(posts(), 1);
  });
});
