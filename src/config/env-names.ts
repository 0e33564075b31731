// The names a configuration may use: the ecosystem's aliases (Genesys's `gc` CLI and Terraform
// provider), and a "did you mean" for a name one or two keystrokes away from a variable ccpulse reads,
// so a misspelled GENESYS_CLIENT_SECERT is reported instead of silently ignored.
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

/** The candidate within two edits of `name` (one for short names), nearest first; undefined if none. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 5 ? 1 : 2;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name.toUpperCase(), candidate.toUpperCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
