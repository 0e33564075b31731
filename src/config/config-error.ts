import { CcpulseError } from '../core/index.js';

/** Every problem found in one pass, so a user fixes their .env once, not one line per run. */
export class ConfigError extends CcpulseError {
  readonly problems: string[];

  constructor(problems: string[], source: string) {
    super(
      'CONFIG_INVALID',
      `Configuration is not usable (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'Edit the named variables in .env (or the environment / flags) and run again; the README configuration table lists each one.',
    );
    this.problems = problems;
  }
}
