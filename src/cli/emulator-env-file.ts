// The .env file `emulate` and `demo` write so other commands can join in: secrets inside, so 0600,
// and never written over while the emulator it points at is still answering (that would strand the
// other terminal's commands on a dead emulator).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { isLoopbackHttpUrl } from '../core/index.js';

export function writeEnvFile(path: string, env: Record<string, string>, header: string): void {
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(path, `# ${header}\n${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The URL of the emulator `path` points at when one still answers there; undefined otherwise. */
export async function liveEmulatorOf(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const url = parseEnv(readFileSync(path, 'utf8')).GENESYS_API_URL;
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // Only a local emulator is probed: a real vendor's URL in this file is not ours to call.
  if (!isLoopbackHttpUrl(parsed)) return undefined;
  try {
    const response = await fetch(parsed, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return parsed.origin;
  } catch {
    return undefined;
  }
}
