import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  ConfigError,
  findOrg,
  GENESYS_REGIONS,
  loadConfig,
  parseConfig,
  resolveGenesysRegion,
} from '../../src/config/index.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = 'S3cr3t-value-that-must-never-print-0123456789';

const seedEnv = {
  GENESYS_ORGANIZATION_ID: '2a0bd4b2-44e3-4c0b-9d5c-3b5b8f2a1e77',
  GENESYS_CLIENT_ID: 'c1d2e3f4-0000-4000-8000-000000000001',
  GENESYS_CLIENT_SECRET: SECRET,
  GENESYS_REDIRECT_URI: 'http://localhost:8080/callback',
  CXONE_TENANT_ID: '11eb0358-724c-3b50-8e5a-0242ac110003',
  CXONE_CLIENT_ID: 'cxone-client',
  CXONE_CLIENT_SECRET: SECRET,
  CXONE_REDIRECT_URI: 'http://localhost:8080/callback',
};

function problemsOf(vars: Record<string, string>): string[] {
  try {
    parseConfig(vars);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  test("the seed tutorial's .env parses unchanged, with hosts from the region, not the org id", () => {
    const config = parseConfig(seedEnv);
    const genesys = findOrg(config, 'genesys');
    assert.equal(genesys.loginUrl, 'https://login.mypurecloud.com');
    assert.equal(genesys.apiUrl, 'https://api.mypurecloud.com');
    assert.equal(genesys.organizationId, seedEnv.GENESYS_ORGANIZATION_ID);
    assert.equal(genesys.authCodeClientId, seedEnv.GENESYS_CLIENT_ID, 'auth code client defaults to the main pair');
    const cxone = findOrg(config, 'cxone');
    assert.equal(cxone.issuer, 'https://cxone.niceincontact.com');
    assert.equal(cxone.daemonGrant, 'client-credentials');
    assert.equal(cxone.redirectUri, 'http://localhost:8080/callback');
  });

  test('every region of the design table resolves, and so do domains and copied hosts', () => {
    for (const [region, domain] of Object.entries(GENESYS_REGIONS)) {
      const hosts = resolveGenesysRegion(region);
      assert.equal(hosts?.loginUrl, `https://login.${domain}`);
      assert.equal(hosts?.apiUrl, `https://api.${domain}`);
      assert.equal(resolveGenesysRegion(domain)?.region, region);
    }
    assert.equal(resolveGenesysRegion('https://apps.mypurecloud.ie/directory')?.region, 'eu-west-1');
    assert.equal(resolveGenesysRegion('login.mypurecloud.de')?.region, 'eu-central-1');
    assert.equal(resolveGenesysRegion('not a region'), undefined);
  });

  test('a bad region names the variable and gives an example', () => {
    const problems = problemsOf({ ...seedEnv, GENESYS_REGION: 'mars-1' });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? '',
      /^GENESYS_REGION 'mars-1' is not a Genesys Cloud region.*Example: GENESYS_REGION=eu-west-1/,
    );
  });

  test('all problems are reported at once, and no secret appears in any of them', () => {
    const problems = problemsOf({
      GENESYS_CLIENT_SECRET: SECRET,
      GENESYS_LOGIN_URL: 'http://login.example.com',
      CXONE_CLIENT_SECRET: SECRET,
      CXONE_ACCESS_KEY_SECRET: SECRET,
      CXONE_API_VERSION: 'latest',
    });
    const text = problems.join('\n');
    assert.match(text, /GENESYS_CLIENT_ID is missing/);
    assert.match(text, /GENESYS_LOGIN_URL must use https/);
    assert.match(text, /CXONE_TENANT_ID is missing/);
    assert.match(text, /CXONE_CLIENT_ID is missing/);
    assert.match(text, /CXONE_ACCESS_KEY_ID is missing while its pair is set/);
    assert.match(text, /CXONE_API_VERSION 'latest'/);
    assert.ok(!text.includes(SECRET));
  });

  test('placeholder values from the tutorial are refused by name', () => {
    const problems = problemsOf({ ...seedEnv, GENESYS_CLIENT_ID: 'your_client_id' });
    assert.match(problems[0] ?? '', /GENESYS_CLIENT_ID still holds the placeholder/);
  });

  test('plain http is allowed for loopback emulators only', () => {
    const config = parseConfig({
      ...seedEnv,
      GENESYS_LOGIN_URL: 'http://127.0.0.1:4010',
      GENESYS_API_URL: 'http://localhost:4010/',
    });
    const genesys = findOrg(config, 'genesys');
    assert.equal(genesys.apiUrl, 'http://localhost:4010');
    assert.equal(genesys.region, undefined);
  });

  test('an access key makes it the CXone daemon grant, and says why', () => {
    const config = parseConfig({ ...seedEnv, CXONE_ACCESS_KEY_ID: 'AKID', CXONE_ACCESS_KEY_SECRET: SECRET });
    const cxone = findOrg(config, 'cxone');
    assert.equal(cxone.daemonGrant, 'access-key');
    assert.match(cxone.daemonGrantReason, /access key/);
  });

  test('secrets are wrapped: printing or serialising the config never shows them', () => {
    const config = parseConfig({ ...seedEnv, CXONE_ACCESS_KEY_ID: 'AKID', CXONE_ACCESS_KEY_SECRET: SECRET });
    assert.ok(!JSON.stringify(config).includes(SECRET));
    assert.ok(!inspect(config, { depth: 10 }).includes(SECRET));
    assert.ok(!String(findOrg(config, 'genesys').clientSecret).includes(SECRET));
    assert.equal(findOrg(config, 'genesys').clientSecret.reveal(), SECRET);
  });

  test('.env file, environment and flags merge with flags winning, then the environment', () => {
    const dir = tempDir('ccpulse-config-');
    writeFileSync(
      join(dir, '.env'),
      'GENESYS_CLIENT_ID=from-file\nGENESYS_CLIENT_SECRET="quoted secret"\nGENESYS_REGION=eu-west-1\n',
    );
    const config = loadConfig({
      cwd: dir,
      env: { GENESYS_REGION: 'eu-central-1' },
      overrides: { GENESYS_CLIENT_ID: 'from-flag' },
    });
    const genesys = findOrg(config, 'genesys');
    assert.equal(genesys.clientId, 'from-flag');
    assert.equal(genesys.clientSecret.reveal(), 'quoted secret');
    assert.equal(genesys.region, 'eu-central-1');
  });

  test('asking for an unconfigured vendor says which variables to set', () => {
    const config = parseConfig({ GENESYS_CLIENT_ID: 'x', GENESYS_CLIENT_SECRET: 'y' });
    assert.throws(() => findOrg(config, 'cxone'), /set the CXONE_\* variables/);
  });
});

describe('several orgs in one config', () => {
  const twoGenesysOneCxone = {
    ...seedEnv,
    GENESYS_ORGS: 'emea',
    GENESYS_EMEA_REGION: 'eu-west-1',
    GENESYS_EMEA_CLIENT_ID: 'emea-client',
    GENESYS_EMEA_CLIENT_SECRET: SECRET,
  };

  test('GENESYS_ORGS adds named orgs next to the unprefixed default one', () => {
    const config = parseConfig(twoGenesysOneCxone);
    assert.deepEqual(
      config.orgs.map((o) => `${o.vendor}:${o.name}`),
      ['genesys:default', 'genesys:emea', 'cxone:default'],
    );
    const emea = findOrg(config, 'genesys', 'emea');
    assert.equal(emea.clientId, 'emea-client');
    assert.equal(emea.apiUrl, 'https://api.mypurecloud.ie');
    assert.equal(findOrg(config, 'genesys').name, 'default');
  });

  test('a named org alone (no default) and a CXone tenant run side by side', () => {
    const config = parseConfig({
      CXONE_ORGS: 'eu-tenant',
      CXONE_EU_TENANT_TENANT_ID: 't-1',
      CXONE_EU_TENANT_CLIENT_ID: 'c',
      CXONE_EU_TENANT_CLIENT_SECRET: SECRET,
      CXONE_EU_TENANT_AREA: 'eu1',
      GENESYS_ORGS: 'us',
      GENESYS_US_CLIENT_ID: 'g',
      GENESYS_US_CLIENT_SECRET: SECRET,
    });
    assert.deepEqual(
      config.orgs.map((o) => `${o.vendor}:${o.name}`),
      ['genesys:us', 'cxone:eu-tenant'],
    );
    assert.equal(findOrg(config, 'cxone').area, 'eu1');
  });

  test("a named org's problems name its own variables, and bad names are refused", () => {
    const problems = problemsOf({ GENESYS_ORGS: 'emea, default, emea, 9x', GENESYS_EMEA_CLIENT_ID: 'x' });
    assert.ok(problems.some((p) => p.startsWith('GENESYS_EMEA_CLIENT_SECRET is missing')));
    assert.ok(problems.some((p) => p.includes("'default'") && p.includes('GENESYS_ORGS')));
    assert.ok(problems.some((p) => p.includes("names 'emea' twice")));
    assert.ok(problems.some((p) => p.includes("'9x'")));
    assert.ok(!problems.join('\n').includes(SECRET));
  });

  test('CCPULSE_REDIS_PREFIX namespaces Redis keys: default ccpulse:, a malformed one refused', () => {
    assert.equal(parseConfig(seedEnv).redisPrefix, 'ccpulse:');
    assert.equal(parseConfig({ ...seedEnv, CCPULSE_REDIS_PREFIX: 'team-a:ccpulse:' }).redisPrefix, 'team-a:ccpulse:');
    const problems = problemsOf({ ...seedEnv, CCPULSE_REDIS_PREFIX: 'has space*' });
    assert.ok(problems.some((p) => p.startsWith("CCPULSE_REDIS_PREFIX 'has space*' must be")));
  });
});
