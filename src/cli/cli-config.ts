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

export function loadCliConfig(global: GlobalOptions, overrides: Record<string, string | undefined> = {}): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return loadConfig({ envFile: envFileOf(global), overrides: defined });
}
