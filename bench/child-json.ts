// Runs a bench script in a process of its own (`node --import tsx <script> <args>`) and reads the one
// JSON line it prints: what earlier parts of a run leave in a process (its heap, its threads) is
// not the measured part's.
import { spawn } from 'node:child_process';

export function runJsonChild<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as T)
        : reject(new Error(`${script} ${args.join(' ')} exited ${code}`)),
    ),
  );
}
