// The first two checks: is there a .env (or are the variables in the environment), and does it hold
// everything one vendor needs. Problems are the config module's own sentences, each naming its
// variable with an example; nothing is printed from a secret variable.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigError,
  DEFAULT_LIMITS,
  type EnvMap,
  envVar,
  findOrg,
  type Limits,
  type OrgConfig,
  parseConfig,
  readConfigSources,
  VENDORS,
  type Vendor,
} from '../config/index.js';
import { vendorEntry, vendorOf } from '../connect/index.js';
import { type CheckResult, failed, passed } from './check-result.js';

interface EnvInput {
  vendor: Vendor;
  /** `--env`; `.env` in cwd when undefined. */
  envFile: string | undefined;
  cwd: string;
  env: EnvMap;
  orgName: string | undefined;
}

const prefixOf = (vendor: Vendor) => envVar(vendor, '');

/** Vendors with at least one variable in the .env file or the environment. */
export function configuredVendors(input: Omit<EnvInput, 'vendor' | 'orgName'>): Vendor[] {
  const path = resolve(input.cwd, input.envFile ?? '.env');
  const { vars } = readConfigSources({ env: input.env, envFile: existsSync(path) ? path : false, cwd: input.cwd });
  return VENDORS.filter((v) => hasVendorVars(vars, v));
}

/** The configuration's checks, and the org and limits they found (no org when the variables fail). */
export function checkEnvironment(input: EnvInput): {
  checks: CheckResult[];
  org: OrgConfig | undefined;
  limits: Limits;
} {
  const prefix = prefixOf(input.vendor);
  const path = resolve(input.cwd, input.envFile ?? '.env');
  const exists = existsSync(path);
  const { vars, source } = readConfigSources({ env: input.env, envFile: exists ? path : false, cwd: input.cwd });
  const checks: CheckResult[] = [envFileCheck(input, path, exists, hasVendorVars(vars, input.vendor))];

  // Only this vendor's variables (and the shared ones): a broken CXONE_* line must not hide a
  // working Genesys setup. With none at all, a vendor default makes the parser name the required ones.
  const others = VENDORS.filter((v) => v !== input.vendor).map(prefixOf);
  const own: EnvMap = Object.fromEntries(Object.entries(vars).filter(([k]) => !others.some((p) => k.startsWith(p))));
  if (!hasVendorVars(own, input.vendor)) Object.assign(own, vendorEntry(input.vendor).doctor.placeholder);
  let org: OrgConfig | undefined;
  let limits = DEFAULT_LIMITS;
  try {
    const config = parseConfig(own, source);
    limits = config.limits;
    org = findOrg(config, input.vendor, input.orgName);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push(
      failed(
        'variables',
        'variables',
        `${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} in the ${prefix}* configuration`,
        `Set the named variables in ${exists ? path : 'the environment or a .env file'} (the README's configuration table lists each one).`,
        { evidence: error.problems, data: { problems: error.problems } },
      ),
    );
    return { checks, org: undefined, limits };
  }
  checks.push(passed('variables', 'variables', describeOrg(org)));
  return { checks, org, limits };
}

function hasVendorVars(vars: EnvMap, vendor: Vendor): boolean {
  const prefix = prefixOf(vendor);
  return Object.entries(vars).some(([k, v]) => k.startsWith(prefix) && v !== undefined && v.trim() !== '');
}

function envFileCheck(input: EnvInput, path: string, exists: boolean, varsElsewhere: boolean): CheckResult {
  const prefix = prefixOf(input.vendor);
  if (exists) return passed('env-file', '.env file', `read ${path}`);
  if (input.envFile !== undefined) {
    return failed(
      'env-file',
      '.env file',
      `the env file ${path} does not exist`,
      'Create it (the README lists the variables; `ccpulse emulate` writes one for the local emulator) or drop --env.',
    );
  }
  if (varsElsewhere)
    return passed(
      'env-file',
      '.env file',
      `no .env in ${input.cwd}; the ${prefix}* variables come from the environment`,
    );
  return failed(
    'env-file',
    '.env file',
    `no .env in ${input.cwd} and no ${prefix}* variables in the environment`,
    'Create .env in this folder (the README configuration table lists the variables; `ccpulse emulate` writes one for the local emulator), run from the folder that has it, or pass --env FILE.',
  );
}

function describeOrg(org: OrgConfig): string {
  return vendorOf(org).doctor.describe(org);
}
