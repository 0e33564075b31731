// Plain http is accepted only for this machine, decided by address (issue #15 item 0d): every place
// that makes that call — configuration URLs, the OAuth profile, the dashboard's public URL — agrees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackHttp } from '../../src/auth/index.js';
import { parseConfig } from '../../src/config/index.js';
import { isLoopbackHost } from '../../src/core/index.js';
import { createDashboardApp, InsecurePublicUrlError } from '../../src/dashboard/index.js';

const loopback = [
  'http://127.0.0.1:4010',
  'http://127.1.2.3',
  'http://127.1/',
  'http://[::1]:8080',
  'http://localhost:4010',
];
const remote = [
  'http://127.0.0.1.nip.io:4010',
  'http://127.0.0.1.sslip.io',
  'http://localhost.evil.example',
  'http://evil.localhost',
  'http://127-0-0-1.example',
  'http://128.0.0.1',
  'http://[::ffff:7f00:1]',
  'http://[::2]',
  'http://0.0.0.0',
];

test('loopback by address: 127.0.0.0/8, ::1 and the reserved name localhost; no look-alike name', () => {
  for (const url of loopback) assert.equal(isLoopbackHost(new URL(url).hostname), true, url);
  for (const url of remote) assert.equal(isLoopbackHost(new URL(url).hostname), false, url);
});

test('configuration refuses plain http to a look-alike name', () => {
  const base = { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: 'secret' };
  for (const url of remote) {
    assert.throws(
      () => parseConfig({ ...base, GENESYS_LOGIN_URL: url, GENESYS_API_URL: 'https://api.mypurecloud.com' }),
      /GENESYS_LOGIN_URL must use https/,
      url,
    );
  }
  for (const url of loopback) parseConfig({ ...base, GENESYS_LOGIN_URL: url, GENESYS_API_URL: url });
});

test('the OAuth layer allows plain http only to loopback', () => {
  for (const url of loopback) assert.equal(isLoopbackHttp(url), true, url);
  for (const url of remote) assert.equal(isLoopbackHttp(url), false, url);
  assert.equal(isLoopbackHttp('https://login.mypurecloud.com'), false);
});

test("the dashboard's public URL may be plain http only on loopback", () => {
  const deps = { orgs: [], sessionKey: Buffer.alloc(32) };
  for (const url of remote)
    assert.throws(() => createDashboardApp({ ...deps, publicUrl: url }), InsecurePublicUrlError, url);
  for (const url of loopback) createDashboardApp({ ...deps, publicUrl: url });
});
