// Turns any failure of a command into one readable block (what happened, how to fix it) and an
// exit code, instead of a stack trace. Only CcpulseError text is printed: it never carries secrets.
import { CcpulseError } from '../core/index.js';

export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** Prints the error to stderr and returns the exit code: 2 for configuration, 1 for the rest. */
export function reportError(error: unknown): number {
  if (error instanceof CcpulseError) {
    process.stderr.write(`error: ${error.describe()}\n`);
    return error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `error: unexpected failure: ${message}\n  fix: rerun with CCPULSE_LOG_LEVEL=debug and report it if it persists\n`,
  );
  return 1;
}
