// Configuration that is almost right is refused or warned about, never silently taken (issue #15
// items 3, 4 and 6): scope lists that are not scopes, area typos, URL fragments and user-info (never
// echoed), misspelled variable names ("did you mean"), and the Genesys ecosystem's variable names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, findOrg, parseConfig } from '../../src/config/index.js';

const genesys = { GENESYS_REGION: 'eu-west-1', GENESYS_CLIENT_ID: 'client-id', GENESYS_CLIENT_SECRET: 'client-secret' };
const cxone = { CXONE_TENANT_ID: 'tenant', CXONE_CLIENT_ID: 'cx-id', CXONE_CLIENT_SECRET: 'cx-secret' };

function problemsOf(vars: Record<string, string>): string[] {
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('the configuration was accepted');
}

describe('item 3: scopes, areas, URL fragments', () => {
  test('GENESYS_SCOPES must hold scope words; the vendors’ real spellings pass', () => {
    for (const garbage of ['analytics <script>', 'analytics;routing', '"analytics"', 'ANALYTICS', 'routing::x', 'é']) {
      const [problem] = problemsOf({ ...genesys, GENESYS_SCOPES: garbage });
      assert.match(problem ?? '', /^GENESYS_SCOPES holds .*not .*scope/, garbage);
    }
    const ok = parseConfig({ ...genesys, GENESYS_SCOPES: 'analytics routing:readonly, user-basic-info' });
    assert.deepEqual(findOrg(ok, 'genesys').scopes, ['analytics', 'routing:readonly', 'user-basic-info']);
    assert.match(problemsOf({ ...cxone, CXONE_SCOPES: 'openid <x>' })[0] ?? '', /CXONE_SCOPES/);
    const cx = parseConfig({ ...cxone, CXONE_SCOPES: 'openid offline_access RealTimeApi' });
    assert.deepEqual(findOrg(cx, 'cxone').scopes, ['openid', 'offline_access', 'RealTimeApi']);
    assert.match(problemsOf({ ...genesys, GENESYS_SCOPES: ' , ' })[0] ?? '', /names no scope/);
  });

  test('CXONE_AREA must be an area CXone has, with a suggestion for a typo', () => {
    assert.match(
      problemsOf({ ...cxone, CXONE_AREA: 'nal' })[0] ?? '',
      /'nal' is not a CXone area \(did you mean na1\?\)/,
    );
    assert.match(
      problemsOf({ ...cxone, CXONE_AREA: 'xx9' })[0] ?? '',
      /'xx9' is not a CXone area.*Example: CXONE_AREA=na1/,
    );
    for (const area of ['na1', 'eu1', 'au1', 'ca1', 'uk1', 'jp1', 'EU1'])
      assert.equal(findOrg(parseConfig({ ...cxone, CXONE_AREA: area }), 'cxone').area, area.toLowerCase());
  });

  test('a login, API or issuer URL with a #fragment or ?query is refused', () => {
    for (const [name, value] of [
      ['GENESYS_LOGIN_URL', 'https://login.mypurecloud.ie#x'],
      ['GENESYS_API_URL', 'https://api.mypurecloud.ie/?a=1'],
    ]) {
      const problems = problemsOf({ ...genesys, [name as string]: value as string });
      assert.match(problems[0] ?? '', new RegExp(`^${name} must be a base URL without a \\?query or #fragment`));
    }
    assert.match(
      problemsOf({ ...cxone, CXONE_ISSUER: 'https://cxone.niceincontact.com#frag' })[0] ?? '',
      /CXONE_ISSUER must be a base URL/,
    );
  });
});

describe('item 4: URL user-info is refused and never echoed', () => {
  test('in every URL variable', () => {
    for (const name of ['GENESYS_LOGIN_URL', 'GENESYS_API_URL', 'GENESYS_REDIRECT_URI']) {
      const problems = problemsOf({ ...genesys, [name]: 'https://admin:hunter2-pw@api.mypurecloud.ie' });
      assert.match(problems.join('\n'), new RegExp(`${name} must not contain a user name or password`));
      assert.ok(!problems.join('\n').includes('hunter2'), problems.join('\n'));
      assert.ok(!problems.join('\n').includes('admin:'), problems.join('\n'));
    }
    const unparsable = problemsOf({ ...cxone, CXONE_ISSUER: 'ht!tp://u:hunter2-pw@x' });
    assert.ok(!unparsable.join('\n').includes('hunter2'), unparsable.join('\n'));
  });
});

describe('item 6: misspelled names and the ecosystem’s aliases', () => {
  test('a variable one or two keystrokes from a known one is a warning with "did you mean"', () => {
    const config = parseConfig({
      ...genesys,
      GENESYS_LOGIN_ULR: 'https://login.mypurecloud.de',
      CCPULSE_LOG_LEVLE: 'debug',
    });
    assert.deepEqual(config.warnings.sort(), [
      'CCPULSE_LOG_LEVLE is not a variable ccpulse reads; did you mean CCPULSE_LOG_LEVEL? (it is ignored)',
      'GENESYS_LOGIN_ULR is not a variable ccpulse reads; did you mean GENESYS_LOGIN_URL? (it is ignored)',
    ]);
    // Unrelated variables of the environment are no one's typo.
    assert.deepEqual(parseConfig({ ...genesys, PATH: '/usr/bin', HOME: '/root', LANG: 'C' }).warnings, []);
  });

  test('a required variable missing next to its misspelling names the misspelling', () => {
    const { GENESYS_CLIENT_SECRET: _, ...rest } = genesys;
    const problems = problemsOf({ ...rest, GENESYS_CLIENT_SECERT: 'client-secret' });
    assert.match(problems[0] ?? '', /^GENESYS_CLIENT_SECRET is missing \(GENESYS_CLIENT_SECERT is set: a typo\?\)/);
  });

  test("a named org's misspelled variable is caught too", () => {
    const config = parseConfig({
      ...genesys,
      GENESYS_ORGS: 'emea',
      GENESYS_EMEA_CLIENT_ID: 'e-id',
      GENESYS_EMEA_CLIENT_SECRET: 'e-secret',
      GENESYS_EMEA_REGOIN: 'eu-central-1',
    });
    assert.match(config.warnings.join('\n'), /GENESYS_EMEA_REGOIN .*did you mean GENESYS_EMEA_REGION\?/);
  });

  test('GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET / GENESYSCLOUD_REGION (gc CLI, Terraform) configure Genesys', () => {
    const config = parseConfig({
      GENESYSCLOUD_OAUTHCLIENT_ID: 'gc-id',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: 'gc-secret',
      GENESYSCLOUD_REGION: 'eu-central-1',
    });
    const org = findOrg(config, 'genesys');
    assert.equal(org.clientId, 'gc-id');
    assert.equal(org.clientSecret.reveal(), 'gc-secret');
    assert.equal(org.loginUrl, 'https://login.mypurecloud.de');
    assert.deepEqual(config.warnings, []);
    const both = parseConfig({ ...genesys, GENESYSCLOUD_OAUTHCLIENT_ID: 'other-id' });
    assert.equal(findOrg(both, 'genesys').clientId, 'client-id');
    assert.match(
      both.warnings.join('\n'),
      /GENESYSCLOUD_OAUTHCLIENT_ID and GENESYS_CLIENT_ID are both set and differ; using GENESYS_CLIENT_ID/,
    );
  });
});
