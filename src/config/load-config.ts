// Builds the one typed Config from a .env file, the environment and CLI flags (flags win, then the
// environment, then .env, as dotenv does). The variable names are the seed tutorial's, so its users'
// .env files work unchanged; GENESYS_ORGANIZATION_ID is accepted but never put in a host name.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { closest, isLoopbackHttpUrl, redactUrlCredentials, Secret, validTimeZone } from '../core/index.js';
import { ConfigError } from './config-error.js';
import type { Config, CxoneConfig, GenesysConfig, OrgConfig, Vendor } from './config-types.js';
import { applyAliases, misspelledVariables, SHARED_VARS } from './env-names.js';
import { resolveGenesysRegion } from './genesys-regions.js';
import { LIMIT_VARS, parseLimits } from './limits.js';
import { envVar, VENDORS } from './vendor-identity.js';

export type EnvMap = Record<string, string | undefined>;

interface LoadConfigOptions {
  /** Defaults to process.env. */
  env?: EnvMap;
  /** Path of the .env file; defaults to `.env` in cwd. `false` reads none. */
  envFile?: string | false;
  /** Values from CLI flags, keyed by the variable they stand for (e.g. GENESYS_REGION). */
  overrides?: EnvMap;
  cwd?: string;
}

const DEFAULT_CXONE_ISSUER = 'https://cxone.niceincontact.com';
/** CXone's areas (data centres), as NICE's own SDKs list them (cxone-chat-sdk CXOneEnvironment). */
const CXONE_AREAS = ['na1', 'eu1', 'au1', 'ca1', 'uk1', 'jp1'];
/**
 * Scope tokens as each vendor spells them: Genesys `analytics`, `routing:readonly`, `user-basic-info`;
 * CXone `openid`, `offline_access`, `RealTimeApi`. Anything else never reaches the authorize endpoint,
 * where a vendor may answer it with an error page instead of a redirect (and `login` would wait).
 */
const SCOPE_PATTERN = { genesys: /^[a-z][a-z0-9-]*(:[a-z0-9-]+)*$/, cxone: /^[A-Za-z][A-Za-z0-9_.:-]*$/ };
const DEFAULT_CXONE_API_VERSION = '30.0';
/**
 * Genesys runs a limited number of an org's async details jobs at once (a 429 past it); its
 * documentation names the limit but the stored copies we could check give no number (see
 * docs/vendor-fidelity.md), so the default stays small and an org with another allowance sets it.
 */
const DEFAULT_DETAILS_JOBS_CONCURRENCY = 5;
const MAX_DETAILS_JOBS_CONCURRENCY = 50;

const EXAMPLES: Record<string, string> = {
  GENESYS_REGION: 'GENESYS_REGION=eu-west-1 (or a domain such as mypurecloud.ie)',
  GENESYS_CLIENT_ID: 'GENESYS_CLIENT_ID=7de3af06-c0b3-4f9b-af45-72f4a1403797 (Admin > Integrations > OAuth)',
  GENESYS_CLIENT_SECRET: 'GENESYS_CLIENT_SECRET=<the secret shown once when the OAuth client was created>',
  GENESYS_REDIRECT_URI: 'GENESYS_REDIRECT_URI=http://localhost:8080/callback/genesys',
  GENESYS_LOGIN_URL: 'GENESYS_LOGIN_URL=https://login.mypurecloud.ie',
  GENESYS_API_URL: 'GENESYS_API_URL=https://api.mypurecloud.ie',
  CXONE_TENANT_ID: 'CXONE_TENANT_ID=11eb0358-724c-3b50-8e5a-0242ac110003',
  CXONE_CLIENT_ID: 'CXONE_CLIENT_ID=<the OAuth client id from the CXone Admin console>',
  CXONE_CLIENT_SECRET: 'CXONE_CLIENT_SECRET=<the OAuth client secret>',
  CXONE_ISSUER: `CXONE_ISSUER=${DEFAULT_CXONE_ISSUER}`,
  CXONE_AREA: `CXONE_AREA=na1 (one of ${'na1, eu1, au1, ca1, uk1, jp1'})`,
  CXONE_ACCESS_KEY_ID: 'CXONE_ACCESS_KEY_ID=<access key id of an API user, Admin > Employees > Access keys>',
  CXONE_ACCESS_KEY_SECRET: 'CXONE_ACCESS_KEY_SECRET=<the access key secret>',
  CXONE_REDIRECT_URI: 'CXONE_REDIRECT_URI=http://localhost:8080/callback/cxone',
  CXONE_GRANT: 'CXONE_GRANT=access-key (or client-credentials)',
  CXONE_API_VERSION: `CXONE_API_VERSION=${DEFAULT_CXONE_API_VERSION}`,
  GENESYS_DETAILS_JOBS_CONCURRENCY: `GENESYS_DETAILS_JOBS_CONCURRENCY=${DEFAULT_DETAILS_JOBS_CONCURRENCY}`,
  GENESYS_AUTH_CODE_CLIENT_ID:
    'GENESYS_AUTH_CODE_CLIENT_ID=<Client ID of the OAuth client with the Code Authorization grant>',
  GENESYS_AUTH_CODE_CLIENT_SECRET: 'GENESYS_AUTH_CODE_CLIENT_SECRET=<its secret>',
  CXONE_AUTH_CODE_CLIENT_ID: 'CXONE_AUTH_CODE_CLIENT_ID=<client id of the web OAuth client>',
  CXONE_AUTH_CODE_CLIENT_SECRET: 'CXONE_AUTH_CODE_CLIENT_SECRET=<its secret>',
  DATABASE_URL: 'DATABASE_URL=postgres://user@db.example.com:5432/ccpulse',
  CCPULSE_TIMEZONE: 'CCPULSE_TIMEZONE=Europe/Berlin',
  REDIS_URL: 'REDIS_URL=redis://127.0.0.1:6379',
  CCPULSE_REDIS_PREFIX: 'CCPULSE_REDIS_PREFIX=ccpulse:',
  CCPULSE_TOKEN_KEY: 'CCPULSE_TOKEN_KEY=<64 hex characters, e.g. from `openssl rand -hex 32`>',
};

const GENESYS_VARS = [
  'GENESYS_ORGANIZATION_ID',
  'GENESYS_REGION',
  'GENESYS_CLIENT_ID',
  'GENESYS_CLIENT_SECRET',
  'GENESYS_REDIRECT_URI',
  'GENESYS_LOGIN_URL',
  'GENESYS_API_URL',
  'GENESYS_SCOPES',
  'GENESYS_AUTH_CODE_CLIENT_ID',
  'GENESYS_AUTH_CODE_CLIENT_SECRET',
  'GENESYS_DETAILS_JOBS_CONCURRENCY',
];
const CXONE_VARS = [
  'CXONE_TENANT_ID',
  'CXONE_CLIENT_ID',
  'CXONE_CLIENT_SECRET',
  'CXONE_REDIRECT_URI',
  'CXONE_ISSUER',
  'CXONE_AREA',
  'CXONE_ACCESS_KEY_ID',
  'CXONE_ACCESS_KEY_SECRET',
  'CXONE_GRANT',
  'CXONE_SCOPES',
  'CXONE_API_VERSION',
  'CXONE_AUTH_CODE_CLIENT_ID',
  'CXONE_AUTH_CODE_CLIENT_SECRET',
];

/** Reads and merges the sources; returns the merged variables and a label of where they came from. */
export function readConfigSources(options: LoadConfigOptions = {}): { vars: EnvMap; source: string } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let fileVars: EnvMap = {};
  let source = 'environment';
  if (options.envFile !== false) {
    const path = resolve(cwd, options.envFile ?? '.env');
    if (existsSync(path)) {
      fileVars = parseEnv(readFileSync(path, 'utf8'));
      source = `${path} + environment`;
    } else if (options.envFile) {
      throw new ConfigError([`the env file ${path} does not exist; create it or drop --env`], path);
    }
  }
  const vars: EnvMap = { ...fileVars };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') vars[k] = v;
  for (const [k, v] of Object.entries(options.overrides ?? {})) if (v !== undefined) vars[k] = v;
  if (options.overrides && Object.keys(options.overrides).length > 0) source += ' + flags';
  return { vars: applyAliases(vars, []), source };
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const { vars, source } = readConfigSources(options);
  return parseConfig(vars, source);
}

/** Validates merged variables into a Config, collecting every problem before failing. */
export function parseConfig(given: EnvMap, source = 'environment'): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
  const vars = applyAliases(given, warnings);
  const known = new Set([...SHARED_VARS, ...LIMIT_VARS, ...GENESYS_VARS, ...CXONE_VARS]);
  const get = (name: string): string | undefined => {
    const v = vars[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const orgs: Config['orgs'] = [];
  for (const vendor of VENDORS) {
    const prefix = envVar(vendor, '');
    const { known: vendorVars, parse } = ORG_PARSERS[vendor];
    if (vendorVars.some((n) => get(n) !== undefined)) {
      const org = parse(orgScope(get, problems, 'default', (n) => n, vars, known));
      if (org) orgs.push(org);
    }
    for (const name of orgNames(get(`${prefix}ORGS`), `${prefix}ORGS`, problems)) {
      const infix = `${prefix}${name.toUpperCase().replaceAll('-', '_')}_`;
      const named = (n: string) => n.replace(prefix, infix);
      for (const n of vendorVars) known.add(named(n));
      const org = parse(orgScope(get, problems, name, named, vars, known));
      if (org) orgs.push(org);
    }
  }
  for (const w of misspelledVariables(vars, known)) warnings.push(w);

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// URL. Example: ${EXAMPLES.DATABASE_URL}`);
  }
  const redisUrl = get('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`REDIS_URL must be a redis:// URL. Example: ${EXAMPLES.REDIS_URL}`);
  }
  // Every key ccpulse writes in Redis starts with this, so one Redis can serve other programs (and
  // tests) without ccpulse touching their keys.
  const redisPrefix = get('CCPULSE_REDIS_PREFIX') ?? 'ccpulse:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(redisPrefix)) {
    problems.push(
      `CCPULSE_REDIS_PREFIX '${redisPrefix}' must be 1-64 letters, digits, ':', '_', '.' or '-'. Example: ${EXAMPLES.CCPULSE_REDIS_PREFIX}`,
    );
  }
  const tokenKey = get('CCPULSE_TOKEN_KEY');
  if (tokenKey !== undefined && !/^[0-9a-f]{64}$/i.test(tokenKey)) {
    problems.push(`CCPULSE_TOKEN_KEY must be 64 hex characters (32 bytes). Example: ${EXAMPLES.CCPULSE_TOKEN_KEY}`);
  }
  const logLevel = get('CCPULSE_LOG_LEVEL') ?? 'info';
  const level = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).safeParse(logLevel);
  if (!level.success)
    problems.push(`CCPULSE_LOG_LEVEL '${logLevel}' is not a level; use one of info, debug, warn, error, silent`);
  const logFormatValue = get('CCPULSE_LOG_FORMAT');
  const logFormat = z.enum(['json', 'pretty']).optional().safeParse(logFormatValue);
  if (!logFormat.success)
    problems.push(
      `CCPULSE_LOG_FORMAT (--log-format) '${logFormatValue}' is not a log format; use json (one object per line) or pretty (human lines). Example: CCPULSE_LOG_FORMAT=json`,
    );

  const zoneName = get('CCPULSE_TIMEZONE');
  const timeZone = validTimeZone(zoneName);
  if (zoneName !== undefined && !timeZone)
    problems.push(
      `CCPULSE_TIMEZONE '${zoneName}' is not a time zone this system knows; use an IANA name. Example: ${EXAMPLES.CCPULSE_TIMEZONE}`,
    );

  const limits = parseLimits(get, problems);

  if (problems.length > 0) throw new ConfigError(problems, source);
  return {
    source,
    warnings,
    orgs,
    logLevel,
    logFormat: logFormat.success ? logFormat.data : undefined,
    dataDir: get('CCPULSE_DATA_DIR') ?? 'data',
    databaseUrl,
    redisUrl,
    redisPrefix,
    tokenKey: tokenKey ? new Secret(tokenKey) : undefined,
    timeZone,
    limits,
  };
}

/** `GENESYS_ORGS=emea,apac`: extra orgs, each configured by `GENESYS_EMEA_CLIENT_ID` and so on. */
function orgNames(value: string | undefined, variable: string, problems: string[]): string[] {
  if (value === undefined) return [];
  const names = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((n) => n.toLowerCase());
  const valid: string[] = [];
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(name) || name === 'default') {
      problems.push(
        `${variable} holds '${name}', which is not an org name: use letters, digits and '-', starting with a letter (and not 'default', the unprefixed org). Example: ${variable}=emea,apac`,
      );
    } else if (valid.includes(name)) {
      problems.push(`${variable} names '${name}' twice; each org needs its own name`);
    } else valid.push(name);
  }
  return valid;
}

/** Reads one org's variables: the default org's as they are, a named org's with its name inserted. */
interface OrgScope {
  name: string;
  get(base: string): string | undefined;
  required(base: string): string | undefined;
  problem(base: string, what: string): void;
  /** A raw problem sentence (mentions variable names itself). */
  report(message: string): void;
  url(base: string, value: string | undefined): string | undefined;
  redirect(base: string): string | undefined;
  authCodePair(prefix: string, clientId: string, clientSecret: string): [string, string];
  scopes(base: string, fallback: string[], pattern: RegExp): string[];
  variable(base: string): string;
}

function orgScope(
  read: (name: string) => string | undefined,
  problems: string[],
  name: string,
  variable: (base: string) => string,
  vars: EnvMap,
  known: ReadonlySet<string>,
): OrgScope {
  const get = (base: string) => read(variable(base));
  const problem = (base: string, what: string) => {
    const example = EXAMPLES[base]?.replace(base, variable(base));
    problems.push(`${variable(base)} ${what}${example ? `. Example: ${example}` : ''}`);
  };
  /** A set variable ccpulse does not read whose nearest known name is `wanted`: the likely typo. */
  const typoOf = (wanted: string) =>
    Object.keys(vars).find((n) => vars[n]?.trim() && !known.has(n) && closest(n, known) === wanted);
  return {
    name,
    get,
    problem,
    variable,
    report: (message) => problems.push(message),
    required(base) {
      const v = get(base);
      if (v === undefined) {
        const typo = typoOf(variable(base));
        problem(base, typo ? `is missing (${typo} is set: a typo?)` : 'is missing');
      } else if (v.startsWith('your_') || v === 'changeme')
        problem(base, 'still holds the placeholder value from the tutorial');
      return v;
    },
    url(base, value) {
      if (value === undefined) return undefined;
      const checked = checkUrl(value);
      if (typeof checked === 'string') {
        problem(base, checked);
        return undefined;
      }
      if (checked.search || checked.hash) {
        problem(base, `must be a base URL without a ?query or #fragment ('${displayUrl(checked)}')`);
        return undefined;
      }
      if (checked.protocol !== 'https:' && !isLoopbackHttpUrl(checked)) {
        problem(
          base,
          `must use https (plain http is allowed only for loopback: 127.0.0.1, [::1] or localhost), got '${displayUrl(checked)}'`,
        );
        return undefined;
      }
      return value.replace(/\/+$/, '');
    },
    redirect(base) {
      const v = get(base);
      if (v === undefined) return undefined;
      const checked = checkUrl(v);
      if (typeof checked === 'string') {
        problem(base, checked);
        return undefined;
      }
      if (checked.hash) {
        problem(base, `must not contain a #fragment ('${displayUrl(checked)}')`);
        return undefined;
      }
      // Kept byte for byte: vendors compare redirect URIs exactly, trailing slash included.
      return v;
    },
    /** The Authorization Code client pair, defaulting to the main pair; half a pair is an error. */
    authCodePair(prefix, clientId, clientSecret) {
      const id = get(`${prefix}_AUTH_CODE_CLIENT_ID`);
      const secret = get(`${prefix}_AUTH_CODE_CLIENT_SECRET`);
      if ((id === undefined) !== (secret === undefined)) {
        const missing = variable(`${prefix}_AUTH_CODE_CLIENT_${id === undefined ? 'ID' : 'SECRET'}`);
        problems.push(`${missing} is missing while its pair is set (the Authorization Code client needs both)`);
      }
      return [id ?? clientId, secret ?? clientSecret];
    },
    scopes(base, fallback, pattern) {
      const value = get(base);
      if (value === undefined) return fallback;
      const scopes = value.split(/[\s,]+/).filter(Boolean);
      const bad = scopes.filter((scope) => !pattern.test(scope));
      if (scopes.length === 0 || bad.length > 0) {
        const shown = bad.map((b) => JSON.stringify(b.length > 40 ? `${b.slice(0, 40)}…` : b)).join(', ');
        problem(
          base,
          scopes.length === 0
            ? 'is set but names no scope'
            : `holds ${bad.length === 1 ? 'something that is not a scope' : 'things that are not scopes'}: ${shown} (scopes are words such as ${fallback.join(', ')}, separated by spaces or commas)`,
        );
        return fallback;
      }
      return scopes;
    },
  };
}

/** An absolute http(s) URL without user-info, or a sentence saying what is wrong (never echoing a password). */
function checkUrl(value: string): URL | string {
  const parsed = parseUrl(value);
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    return `is not an absolute http(s) URL ('${redactUrlCredentials(value)}')`;
  if (parsed.username || parsed.password)
    return `must not contain a user name or password (user:password@); give credentials in their own variables ('${displayUrl(parsed)}')`;
  return parsed;
}

/** The URL as it may be printed: user-info removed. */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function parseGenesysOrg(o: OrgScope): GenesysConfig | undefined {
  const regionValue = o.get('GENESYS_REGION') ?? 'us-east-1';
  const hosts = resolveGenesysRegion(regionValue);
  if (!hosts) o.problem('GENESYS_REGION', `'${regionValue}' is not a Genesys Cloud region or domain`);
  const organizationId = o.get('GENESYS_ORGANIZATION_ID');
  if (organizationId !== undefined && !/^[0-9a-f-]{8,64}$/i.test(organizationId)) {
    o.report(
      `${o.variable('GENESYS_ORGANIZATION_ID')} '${organizationId}' does not look like an org id (a UUID from Admin > Organization Settings); it is optional, so you may also remove it`,
    );
  }
  const clientId = o.required('GENESYS_CLIENT_ID');
  const clientSecret = o.required('GENESYS_CLIENT_SECRET');
  const loginUrl = o.url('GENESYS_LOGIN_URL', o.get('GENESYS_LOGIN_URL')) ?? hosts?.loginUrl;
  const apiUrl = o.url('GENESYS_API_URL', o.get('GENESYS_API_URL')) ?? hosts?.apiUrl;
  const redirectUri = o.redirect('GENESYS_REDIRECT_URI');
  if (!(clientId && clientSecret && loginUrl && apiUrl)) return undefined;
  const [authCodeClientId, authCodeClientSecret] = o.authCodePair('GENESYS', clientId, clientSecret);
  return {
    vendor: 'genesys',
    name: o.name,
    organizationId,
    region: o.get('GENESYS_LOGIN_URL') ? undefined : hosts?.region,
    loginUrl,
    apiUrl,
    clientId,
    clientSecret: new Secret(clientSecret),
    authCodeClientId,
    authCodeClientSecret: new Secret(authCodeClientSecret),
    redirectUri,
    scopes: o.scopes('GENESYS_SCOPES', ['analytics', 'routing', 'users'], SCOPE_PATTERN.genesys),
    daemonGrant: 'client-credentials',
    detailsJobsConcurrency: jobsConcurrency(o),
    daemonGrantReason:
      "Genesys Cloud gives a back-end application its token by Client Credentials (the OAuth client's roles decide what it may read)",
  };
}

function jobsConcurrency(o: OrgScope): number {
  const value = o.get('GENESYS_DETAILS_JOBS_CONCURRENCY');
  if (value === undefined) return DEFAULT_DETAILS_JOBS_CONCURRENCY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DETAILS_JOBS_CONCURRENCY) {
    o.problem(
      'GENESYS_DETAILS_JOBS_CONCURRENCY',
      `'${value}' is not a whole number from 1 to ${MAX_DETAILS_JOBS_CONCURRENCY}`,
    );
    return DEFAULT_DETAILS_JOBS_CONCURRENCY;
  }
  return n;
}

function parseCxoneOrg(o: OrgScope): CxoneConfig | undefined {
  const tenantId = o.required('CXONE_TENANT_ID');
  const clientId = o.required('CXONE_CLIENT_ID');
  const clientSecret = o.required('CXONE_CLIENT_SECRET');
  const area = o.get('CXONE_AREA')?.toLowerCase();
  if (area !== undefined && !CXONE_AREAS.includes(area)) {
    const guess = closest(area.toLowerCase(), CXONE_AREAS);
    o.problem('CXONE_AREA', `'${area}' is not a CXone area${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  const issuer = o.url('CXONE_ISSUER', o.get('CXONE_ISSUER') ?? DEFAULT_CXONE_ISSUER);
  const accessKeyId = o.get('CXONE_ACCESS_KEY_ID');
  const accessKeySecret = o.get('CXONE_ACCESS_KEY_SECRET');
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    o.problem(
      accessKeyId === undefined ? 'CXONE_ACCESS_KEY_ID' : 'CXONE_ACCESS_KEY_SECRET',
      'is missing while its pair is set (an access key has an id and a secret)',
    );
  }
  const grantValue = o.get('CXONE_GRANT');
  let daemonGrant: CxoneConfig['daemonGrant'] = accessKeyId ? 'access-key' : 'client-credentials';
  let daemonGrantReason = accessKeyId
    ? 'an access key is configured: NICE documents access keys for back-end reporting integrations (reports need a user context)'
    : 'no access key is configured, so the daemon uses the OAuth client alone; reporting APIs may refuse it unless the tenant allows client credentials for them';
  if (grantValue !== undefined) {
    if (grantValue !== 'access-key' && grantValue !== 'client-credentials') {
      o.problem('CXONE_GRANT', `'${grantValue}' is not a grant ccpulse knows`);
    } else if (grantValue === 'access-key' && !accessKeyId) {
      o.problem('CXONE_ACCESS_KEY_ID', `is missing while ${o.variable('CXONE_GRANT')}=access-key`);
    } else {
      daemonGrant = grantValue;
      daemonGrantReason = `${o.variable('CXONE_GRANT')}=${grantValue} is set`;
    }
  }
  const apiVersion = (o.get('CXONE_API_VERSION') ?? DEFAULT_CXONE_API_VERSION).replace(/^v/, '');
  if (!/^\d+\.\d+$/.test(apiVersion)) o.problem('CXONE_API_VERSION', `'${apiVersion}' is not a version like 30.0`);
  const redirectUri = o.redirect('CXONE_REDIRECT_URI');
  if (!(tenantId && clientId && clientSecret && issuer)) return undefined;
  const [authCodeClientId, authCodeClientSecret] = o.authCodePair('CXONE', clientId, clientSecret);
  return {
    vendor: 'cxone',
    name: o.name,
    tenantId,
    issuer,
    area,
    clientId,
    clientSecret: new Secret(clientSecret),
    authCodeClientId,
    authCodeClientSecret: new Secret(authCodeClientSecret),
    daemonGrant,
    daemonGrantReason,
    accessKeyId,
    accessKeySecret: accessKeySecret ? new Secret(accessKeySecret) : undefined,
    redirectUri,
    scopes: o.scopes('CXONE_SCOPES', ['openid', 'offline_access'], SCOPE_PATTERN.cxone),
    apiVersion,
  };
}

/** Each vendor's variables and the parser of one org; keyed by Vendor, so a new vendor must add its own. */
const ORG_PARSERS: {
  readonly [V in Vendor]: { known: string[]; parse(o: OrgScope): Extract<OrgConfig, { vendor: V }> | undefined };
} = {
  genesys: { known: GENESYS_VARS, parse: parseGenesysOrg },
  cxone: { known: CXONE_VARS, parse: parseCxoneOrg },
};

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
