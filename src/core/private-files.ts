// Data files hold callers' numbers and sealed tokens: folders ccpulse creates are 0700 and files 0600,
// whatever the umask, and a file an older version left readable by others is narrowed on open.
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Creates `dir` (and missing parents) as 0700; an existing folder is left as its owner set it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates `path` empty as 0600 if missing; narrows an existing file to 0600 when others may read it. */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  narrowToOwner(path);
}

/** Best effort: a file owned by another user (a read-only deployment) keeps its mode. */
export function narrowToOwner(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    // Missing, or not ours to change: opening it reports what matters.
  }
}
