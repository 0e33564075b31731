// Loads the Config for a command: the global --env-file flag plus per-command flags that stand for
// environment variables (so error messages name the variable the user knows from the README).
import { type Config, loadConfig } from '../config/index.js';

export interface GlobalOptions {
  envFile?: string;
}

export function loadCliConfig(global: GlobalOptions, overrides: Record<string, string | undefined> = {}): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return loadConfig({ envFile: global.envFile ?? undefined, overrides: defined });
}
