// Preloaded into a CLI child (NODE_OPTIONS=--import): at exit, writes the process's peak resident set
// (VmHWM, KiB) to the file HOSTILE_RSS_FILE names, so a test reads the peak however briefly it lasted.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.HOSTILE_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    writeFileSync(file, hwm ?? '');
  });
}
