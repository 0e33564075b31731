// Runs every test/**/*.test.ts with node's own test runner (TypeScript through tsx), then scans
// everything the run printed for secrets (scripts/secret-scan.ts: seeded client and access-key
// secrets, JWTs, bearer headers, dashboard session ids). A hit fails the run even if every test
// passed. `npm test -- auth` runs files whose path contains "auth".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLeaks } from './secret-scan.js';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.test.ts')) yield relative(root, path);
  }
}

const files = [...walk(join(root, 'test'))]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CCPULSE_LOG_LEVEL: process.env.CCPULSE_LOG_LEVEL ?? 'debug' },
  },
);
const chunks: string[] = [];
child.stdout.on('data', (d: Buffer) => {
  chunks.push(d.toString());
  process.stdout.write(d);
});
child.stderr.on('data', (d: Buffer) => {
  chunks.push(d.toString());
  process.stderr.write(d);
});
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

const output = chunks.join('');
const leaks = findLeaks(output);
if (leaks.length > 0) {
  console.error(`\nsecret scan: FAILED — the test run printed ${leaks.length} secret(s) or token(s):`);
  for (const leak of leaks.slice(0, 20)) console.error(`  - ${leak}`);
  process.exit(code || 1);
}
console.log(`secret scan: ${output.length} characters of test output, no secret or token found`);
// The runner's own totals, repeated last so they close the output after the scan's line.
const total = (label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
// Cancelled tests (a failed hook, a timeout of the parent) are failures too, and said apart.
console.log(
  `tests: ${total('pass')} passed, ${total('fail')} failed, ${total('cancelled')} cancelled, ${total('skipped')} skipped`,
);
process.exit(code);
