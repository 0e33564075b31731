// Temporary folders of a test file, removed when its process ends: a full run made hundreds of them
// (databases of thousands of conversations among them) and left them all behind. After a failure
// they are kept, and named, to look into.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

process.once('exit', (code) => {
  if (code !== 0) {
    if (made.length > 0) process.stderr.write(`temporary folders kept to look into: ${made.join(' ')}\n`);
    return;
  }
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the system's temporary folder, e.g. `tempDir('ccpulse-store-')`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
