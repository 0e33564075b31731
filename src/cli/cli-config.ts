// Loads the Config for a command: the global --env flag plus per-command flags that stand for
// environment variables (so error messages name the variable the user knows from the README).
import { type Config, loadConfig } from '../config/index.js';

export interface GlobalOptions {
  env?: string;
  /** The older spelling of --env. */
  envFile?: string;
}

/** The .env file the user named, if any. */
export const envFileOf = (global: GlobalOptions): string | undefined => global.env ?? global.envFile;

/** The configuration, its warnings (a misspelled variable) printed to stderr once. */
export function loadCliConfig(global: GlobalOptions, overrides: Record<string, string | undefined> = {}): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config = loadConfig({ envFile: envFileOf(global), overrides: defined });
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  return config;
}
