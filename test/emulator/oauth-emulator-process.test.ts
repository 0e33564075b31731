// The emulator as a process: env() is a valid ccpulse configuration pointing at the running servers,
// close() frees the ports, and a one-line `node --import tsx -e` script starts and exits cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { seedClient, startEmulator } from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('env() parses with parseConfig and names the daemon, web client, access key and URLs', async () => {
  const emulator = await startEmulator({ seed: 5 });
  try {
    const env = emulator.env();
    const config = parseConfig(env);
    const genesys = findOrg(config, 'genesys');
    const cxone = findOrg(config, 'cxone');
    assert.equal(genesys.loginUrl, emulator.genesysUrl);
    assert.equal(genesys.apiUrl, emulator.genesysUrl);
    assert.equal(genesys.organizationId, emulator.org.genesys.orgId);
    assert.equal(genesys.clientId, seedClient(emulator.org, 'genesys', 'daemon').id);
    assert.equal(genesys.authCodeClientId, seedClient(emulator.org, 'genesys', 'web').id);
    assert.ok(seedClient(emulator.org, 'genesys', 'web').redirectUris.includes(genesys.redirectUri ?? ''));
    assert.equal(cxone.issuer, emulator.cxoneUrl);
    assert.equal(cxone.tenantId, emulator.org.cxone.tenantId);
    assert.equal(cxone.clientId, seedClient(emulator.org, 'cxone', 'daemon').id);
    assert.equal(cxone.authCodeClientId, seedClient(emulator.org, 'cxone', 'web').id);
    assert.equal(cxone.daemonGrant, 'access-key');
    assert.equal(cxone.accessKeyId, emulator.org.cxone.accessKeys[0]?.id);
    assert.ok(seedClient(emulator.org, 'cxone', 'web').redirectUris.includes(cxone.redirectUri ?? ''));
    // The secrets stay wrapped in the parsed config.
    assert.ok(!JSON.stringify(config).includes(seedClient(emulator.org, 'genesys', 'daemon').secret));
  } finally {
    await emulator.close();
  }
});

test('fixed ports are honoured and free again after close()', async () => {
  const port = await freePort();
  const first = await startEmulator({ genesysPort: port });
  assert.equal(first.genesysUrl, `http://127.0.0.1:${port}`);
  // A keep-alive connection must not hold close() up.
  await (await fetch(`${first.genesysUrl}/api/v2/tokens/me`)).text();
  await first.close();
  const second = await startEmulator({ genesysPort: port });
  await second.close();
});

test('a port already in use fails startEmulator without leaving the other server running', async () => {
  const emulator = await startEmulator();
  const port = Number(new URL(emulator.genesysUrl).port);
  try {
    // Were the Genesys server of the failed start left listening, this file's process would not exit.
    await assert.rejects(startEmulator({ cxonePort: port }), /EADDRINUSE/);
  } finally {
    await emulator.close();
  }
});

test('node --import tsx -e starts the emulator, serves, and exits by itself after close()', async () => {
  const script = [
    "import { startEmulator } from './src/emulator/index.ts';",
    'const e = await startEmulator();',
    "const r = await fetch(e.cxoneUrl + '/.well-known/openid-configuration');",
    'console.log(JSON.stringify({ status: r.status, issuer: (await r.json()).issuer === e.cxoneUrl }));',
    'await e.close();',
  ].join(' ');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  assert.equal(code, 0, `exit ${code}; stderr: ${stderr}`);
  assert.deepEqual(JSON.parse(stdout.trim()), { status: 200, issuer: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
