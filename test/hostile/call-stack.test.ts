// Arrays from a vendor can be long: spreading one into a call's arguments (Math.min(...list),
// out.push(...page)) overflows the call stack past ~120k elements ("Maximum call stack size
// exceeded"). The places that took vendor-sized arrays that way, fed 200,000 elements, and a scan
// that keeps the pattern out of src/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatRows } from '../../src/cli/format-rows.js';
import { toQueueSnapshots } from '../../src/vendors/genesys/index.js';

const N = 200_000;

test('a waiting list of 200,000 observations gives the longest wait', () => {
  const at = Date.UTC(2026, 10, 20, 12);
  const observations = Array.from({ length: N }, (_, i) => ({
    observationDate: new Date(at - 1000 * (i % 5000) - (i === N - 1 ? 3_600_000 : 0)).toISOString(),
  }));
  const [snap] = toQueueSnapshots('default', at, [
    {
      group: { queueId: 'q-1', mediaType: 'voice' },
      data: [{ metric: 'oWaiting', stats: { count: N }, observations }],
    },
  ]);
  assert.equal(snap?.waiting, N);
  assert.equal(snap?.longestWaitMs, 3_600_000 + 1000 * ((N - 1) % 5000));
});

test('a table of 200,000 rows is formatted', () => {
  const rows = Array.from({ length: N }, (_, i) => ({ id: `q-${i}`, name: i === 7 ? 'the longest name' : 'n' }));
  const lines = formatRows(rows, 'table').trimEnd().split('\n');
  assert.equal(lines.length, N + 2);
  assert.match(lines[1] ?? '', /^-{8} {2}-{16}$/, 'each column as wide as its widest cell');
});

test('no call in src/ spreads an array into its arguments (Math.min/max(...), push(...))', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/Math\.(min|max)\([^)]*\.\.\.|\.(push|unshift)\(\.\.\.|fromCharCode\(\.\.\./.test(line))
              offenders.push(`${path}:${i + 1}: ${line.trim()}`);
          });
      }
    }
  };
  walk(new URL('../../src', import.meta.url).pathname);
  // doctor/run-doctor.ts pushes its own lists of checks (a handful, fixed by the code), not vendor data.
  const vendorFed = offenders.filter((o) => !o.includes('src/doctor/run-doctor.ts'));
  assert.deepEqual(vendorFed, []);
});
