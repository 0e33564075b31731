// The emulator in a process of its own, so its work does not count as the measured client's: started
// with the options given as JSON in argv[2]; prints its .env variables as one JSON line, then serves
// until it is sent SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type EmulatorOptions, startEmulator } from '../src/emulator/index.js';

export type EmulatorProcessOptions = Pick<EmulatorOptions, 'seed' | 'conversationsPerDay' | 'rateLimits'>;

export interface EmulatorProcess {
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`the emulator process exited ${code} before it was ready`)));
  });
  return {
    env,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const emulator = await startEmulator(JSON.parse(process.argv[2] ?? '{}') as EmulatorProcessOptions);
  process.stdout.write(`${JSON.stringify(emulator.env())}\n`);
  process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
}
