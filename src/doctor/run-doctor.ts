// `ccpulse doctor` step by step for one vendor: configuration, DNS, the token endpoint, the daemon's
// credentials and grant, each report's permission, redirect URIs, rate-limit headroom and clock
// skew. A step that cannot run because an earlier one failed is listed as skipped, so the report
// always shows everything that was (and was not) verified.
import { type AuthProfile, profileFor } from '../auth/index.js';
import type { EnvMap, Limits, OrgConfig, Vendor } from '../config/index.js';
import { createRuntime, vendorOf } from '../connect/index.js';
import { CcpulseError, type Clock } from '../core/index.js';
import { type CheckResult, failed, passed, skipped } from './check-result.js';
import { checkClockSkew } from './clock-skew.js';
import { checkDaemonCredentials } from './credential-checks.js';
import { checkEnvironment } from './env-checks.js';
import { checkDns, checkTokenEndpoint, type EndpointSample } from './network-checks.js';
import { checkReportPermissions, permissionCheckNames } from './permission-checks.js';
import { checkRateHeadroom } from './rate-headroom.js';
import { checkRedirects, redirectTargets } from './redirect-checks.js';

interface DoctorOptions {
  vendor: Vendor;
  envFile: string | undefined;
  cwd: string;
  env: EnvMap;
  orgName?: string;
  /** The dashboard's public URL, to check its redirect URI too. */
  publicUrl?: string;
  clock?: Clock;
}

export interface DoctorReport {
  vendor: Vendor;
  org: string | undefined;
  ok: boolean;
  checks: CheckResult[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const {
    checks: envChecks,
    org,
    limits,
  } = checkEnvironment({
    vendor: options.vendor,
    envFile: options.envFile,
    cwd: options.cwd,
    env: options.env,
    orgName: options.orgName,
  });
  const checks = [...envChecks];
  if (org) checks.push(...(await checkOrg(org, limits, options)));
  else
    checks.push(
      ...skipAll(
        ['DNS', 'token endpoint', 'credentials', 'permissions', 'redirect URI', 'rate-limit headroom', 'clock skew'],
        'needs the variables above',
      ),
    );
  return { vendor: options.vendor, org: org?.name, ok: checks.every((c) => c.status !== 'fail'), checks };
}

async function checkOrg(org: OrgConfig, limits: Limits, options: DoctorOptions): Promise<CheckResult[]> {
  const runtime = createRuntime({ clock: options.clock, limits });
  const { clock } = runtime;
  const vendor = vendorOf(org);
  const checks: CheckResult[] = [];
  const rest = (why: string, from: Step) => skipRemaining(org, from, why);

  const hosts = vendor.doctor.hosts(org);
  const dns = await checkDns(hosts.urls, hosts.fix);
  checks.push(dns);
  if (dns.status === 'fail') return [...checks, ...rest('the host does not resolve', 'token-endpoint')];

  let profile: AuthProfile;
  try {
    profile = await profileFor(org, { timeoutMs: runtime.limits.requestTimeoutMs });
  } catch (error) {
    if (!(error instanceof CcpulseError)) throw error;
    checks.push(failed('token-endpoint', 'token endpoint', error.message, error.hint));
    return [...checks, ...rest('the OpenID discovery failed', 'credentials')];
  }
  const tokenUrl = String(profile.as.token_endpoint);
  const reach = await checkTokenEndpoint(
    tokenUrl,
    clock,
    `Check ${vendor.doctor.hostVariables}, and any proxy or firewall between this machine and ${new URL(tokenUrl).host}.`,
  );
  checks.push(reach.check);
  if (!reach.sample) return [...checks, ...rest('the token endpoint did not answer', 'credentials')];

  const located = await locateApi(org, runtime.limits.requestTimeoutMs);
  if (located.check) checks.push(located.check);
  if (!located.found)
    return [...checks, ...skipRemaining(org, 'credentials', 'tenant discovery failed', reach.sample, tokenUrl)];

  const credentials = await checkDaemonCredentials(org, profile, runtime);
  checks.push(...credentials.checks);
  let permissions: Awaited<ReturnType<typeof checkReportPermissions>> | undefined;
  if (credentials.tokens) {
    permissions = await checkReportPermissions(org, runtime, credentials.tokens, clock.now());
    checks.push(...permissions.checks);
  } else {
    checks.push(...permissionCheckNames(org).map(({ id, title }) => skipped(id, title, "needs the daemon's token")));
  }
  checks.push(...(await checkRedirects(org, profile, redirectTargets(org, options.publicUrl))));
  checks.push(
    checkRateHeadroom({
      tokenRateLimited: credentials.rateLimited,
      apiRateLimited: permissions?.rateLimited,
      lastHeaders: permissions?.lastHeaders,
      budgetPerMinute: vendor.rateLimit.daemon,
    }),
  );
  checks.push(checkClockSkew(reach.sample, new URL(tokenUrl).host));
  return checks;
}

/** Where the org's API is: a check of its own only when the vendor had to be asked (CXone tenant discovery). */
async function locateApi(
  org: OrgConfig,
  timeoutMs: number,
): Promise<{ check: CheckResult | undefined; found: boolean }> {
  try {
    const { discovered } = await vendorOf(org).locateApi(org, timeoutMs);
    return { check: discovered ? passed('tenant', 'tenant discovery', discovered) : undefined, found: true };
  } catch (error) {
    if (!(error instanceof CcpulseError)) throw error;
    return { check: failed('tenant', 'tenant discovery', error.message, error.hint), found: false };
  }
}

type Step = 'token-endpoint' | 'credentials';

/** Everything after `from`, as skipped; the clock can still be read if the vendor answered. */
function skipRemaining(
  org: OrgConfig,
  from: Step,
  why: string,
  sample?: EndpointSample,
  tokenUrl?: string,
): CheckResult[] {
  const out: CheckResult[] = [];
  if (from === 'token-endpoint') out.push(skipped('token-endpoint', 'token endpoint', why));
  out.push(
    skipped('client', 'client id/secret', why),
    skipped('grant', 'grant type', why),
    ...(org.daemonGrant === 'access-key' ? [skipped('access-key', 'access key', why)] : []),
    ...permissionCheckNames(org).map(({ id, title }) => skipped(id, title, why)),
    skipped('redirect', 'redirect URI', why),
    skipped('login-client', 'login client', why),
    skipped('rate-limit', 'rate-limit headroom', why),
    sample && tokenUrl ? checkClockSkew(sample, new URL(tokenUrl).host) : skipped('clock', 'clock skew', why),
  );
  return out;
}

function skipAll(titles: string[], why: string): CheckResult[] {
  return titles.map((title) => skipped(title.replace(/\W+/g, '-'), title, why));
}
