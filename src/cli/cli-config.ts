// Loads the Config for a command: the global --env flag plus per-command flags that stand for
// environment variables (so error messages name the variable the user knows from the README).
import { type Config, loadConfig } from '../config/index.js';
import { createLogger, type Logger } from '../core/index.js';

export interface GlobalOptions {
  env?: string;
  /** The older spelling of --env. */
  envFile?: string;
  /** --log-format json|pretty: stands for CCPULSE_LOG_FORMAT. */
  logFormat?: string;
}

/** The .env file the user named, if any. */
export const envFileOf = (global: GlobalOptions): string | undefined => global.env ?? global.envFile;

/** The configuration, its warnings (a misspelled variable) printed to stderr once. */
export function loadCliConfig(global: GlobalOptions, overrides: Record<string, string | undefined> = {}): Config {
  const all = { CCPULSE_LOG_FORMAT: global.logFormat, ...overrides };
  const defined = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
  const config = loadConfig({ envFile: envFileOf(global), overrides: defined });
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  return config;
}

/**
 * The command's logger on stderr (or through `destination`, e.g. above a progress line): the format
 * asked for, else human lines when stderr is a terminal and JSON when it is piped or collected.
 */
export function cliLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  destination?: { write(line: string): void },
): Logger {
  const terminal = process.stderr.isTTY === true;
  return createLogger(
    {
      level: config.logLevel,
      format: config.logFormat ?? (terminal ? 'pretty' : 'json'),
      color: terminal && !process.env.NO_COLOR,
    },
    destination,
  );
}
