// The names a configuration may use: the ecosystem's aliases (Genesys's `gc` CLI and Terraform
// provider), and a "did you mean" for a name one or two keystrokes away from a variable ccpulse reads,
// so a misspelled GENESYS_CLIENT_SECERT is reported instead of silently ignored.
import { closest } from '../core/index.js';
import type { EnvMap } from './load-config.js';

/** Alias -> the variable it stands for (default org only; the ccpulse name wins when both are set). */
export const ALIASES: Readonly<Record<string, string>> = {
  GENESYSCLOUD_OAUTHCLIENT_ID: 'GENESYS_CLIENT_ID',
  GENESYSCLOUD_OAUTHCLIENT_SECRET: 'GENESYS_CLIENT_SECRET',
  GENESYSCLOUD_REGION: 'GENESYS_REGION',
};

/** Variables read outside any org. */
export const SHARED_VARS = [
  'GENESYS_ORGS',
  'CXONE_ORGS',
  'DATABASE_URL',
  'REDIS_URL',
  'CCPULSE_REDIS_PREFIX',
  'CCPULSE_TOKEN_KEY',
  'CCPULSE_DATA_DIR',
  'CCPULSE_LOG_LEVEL',
  'CCPULSE_LOG_FORMAT',
  'CCPULSE_TIMEZONE',
  'CCPULSE_TEST_DATABASE_URL',
  'CCPULSE_TEST_REDIS_URL',
];

/** `vars` with each alias copied to its variable where that is unset; a conflict is a warning. */
export function applyAliases(vars: EnvMap, warnings: string[]): EnvMap {
  const out: EnvMap = { ...vars };
  for (const [alias, name] of Object.entries(ALIASES)) {
    const value = vars[alias]?.trim();
    if (!value) continue;
    const own = vars[name]?.trim();
    if (!own) out[name] = value;
    else if (own !== value) warnings.push(`${alias} and ${name} are both set and differ; using ${name}`);
  }
  return out;
}

/** A warning for every set variable that is not one ccpulse reads but is one or two edits from one. */
export function misspelledVariables(vars: EnvMap, known: ReadonlySet<string>): string[] {
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined || value.trim() === '' || known.has(name) || name in ALIASES) continue;
    const guess = closest(name, known);
    if (guess) warnings.push(`${name} is not a variable ccpulse reads; did you mean ${guess}? (it is ignored)`);
  }
  return warnings;
}
