// Runs the real `ccpulse` entry point (TypeScript through tsx) as a child process.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
// Resolved here, not from the child's cwd (tests run the CLI in temporary folders).
const TSX = import.meta.resolve('tsx');

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the exit code and everything printed on stdout and stderr. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** `as`: run as another user (a test run as root checking what an unprivileged service meets). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
  as?: { uid: number; gid: number },
): CliRun {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CCPULSE_LOG_LEVEL: 'debug', ...env },
    ...as,
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    for (const w of waiters) w();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    output: () => stdout + stderr,
    done,
    waitFor: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = (stdout + stderr).match(pattern);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${stdout}${stderr}`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
