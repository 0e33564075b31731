// Turns any failure of a command into one readable block (what happened, how to fix it) and an
// exit code, instead of a stack trace. Only CcpulseError text and known system errors are printed,
// and URL user-info is scrubbed from whatever is printed: nothing here carries a secret.
import { CcpulseError, redactUrlCredentials } from '../core/index.js';

export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** Prints the error to stderr and returns the exit code: 2 for configuration, 1 for the rest. */
export function reportError(error: unknown): number {
  const known = error instanceof CcpulseError ? error : fromSystemError(error);
  if (known) {
    process.stderr.write(`error: ${redactUrlCredentials(known.describe())}\n`);
    // What the person running ccpulse fixes in its configuration or on its command line: exit 2.
    return known.kind === 'config' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `error: unexpected failure: ${redactUrlCredentials(message)}\n  fix: rerun with CCPULSE_LOG_LEVEL=debug and report it if it persists\n`,
  );
  return 1;
}

/** The operating system's refusals a person can act on, said in their words. */
function fromSystemError(error: unknown): CcpulseError | undefined {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (!(error instanceof Error) || typeof e.code !== 'string') return undefined;
  const where = e.path ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : 'it');
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new CcpulseError(
        e.syscall === 'listen' || e.syscall === 'bind' ? 'CLI_INPUT' : 'STORE_NOT_WRITABLE',
        `permission denied: ${e.syscall ?? 'access'} ${where}`,
        e.syscall === 'listen' || e.syscall === 'bind'
          ? 'Ports below 1024 need privileges: choose a port from 1024 up.'
          : 'Give the user running ccpulse write access there, or point ccpulse at a writable folder (CCPULSE_DATA_DIR).',
      );
    case 'ENOSPC':
      return new CcpulseError(
        'STORE_NOT_WRITABLE',
        `no space left on the device (${where})`,
        'Free disk space and run again.',
      );
    case 'EADDRINUSE':
      return new CcpulseError(
        'PORT_IN_USE',
        `${where} is already in use`,
        'Stop whatever listens there, or choose another port (0 picks a free one).',
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return e.syscall === 'listen' || e.syscall === 'getaddrinfo'
        ? new CcpulseError(
            'CLI_INPUT',
            `cannot listen on ${where}: no such address on this machine`,
            'Use an address of this machine (127.0.0.1, 0.0.0.0, ::) with --host.',
          )
        : undefined;
    default:
      return undefined;
  }
}
