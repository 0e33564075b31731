// Tests touch only the Redis keys they create (issue #15 item 7): every test file that talks to
// Redis writes under a random `ccpulse-test:<pid>:<hex>:` prefix (withRedis, or a prefix built the
// same way), and nothing in the repository flushes a database. The sentinel half of the proof —
// keys of "someone else" in databases 0, 11 and 13 unchanged around a Redis test file — runs in
// test/dashboard/redis-session-store.test.ts (plantSentinels in redis-support.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* files(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) yield path;
  }
}
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

test('no code or test flushes a Redis database or switches databases', () => {
  // Spelled in pieces so this file does not match itself.
  const flush = new RegExp(['flush', '(db|all)'].join(''), 'i');
  const offenders = ['src', 'test', 'scripts', 'bench']
    .flatMap((dir) => [...files(dir)])
    .filter((path) => flush.test(text(path)) || /\.select\(\s*\d/.test(text(path)));
  assert.deepEqual(offenders, []);
});

test('every test file that talks to Redis keeps to a random prefix of its own', () => {
  const self = relative(ROOT, new URL(import.meta.url).pathname);
  // The test Redis is reached through redis-support (its REDIS_URL, withRedis) or a client of its own.
  const talking = [...files('test')].filter(
    (path) => path !== self && /new Redis\(|from '[^']*redis-support\.js'/.test(text(path)),
  );
  assert.ok(talking.length >= 5, `found only ${talking.join(', ')}`);
  const unprefixed = talking.filter((path) => {
    const source = text(path);
    return !(
      /withRedis\(/.test(source) ||
      /`ccpulse-test:\$\{process\.pid\}:\$\{[^`]+\}:`/.test(source) ||
      // Files that only name REDIS_URL for a child configured through one of the above.
      /CCPULSE_REDIS_PREFIX: [\w.]*prefix|prefix: redis\.prefix/i.test(source)
    );
  });
  // The helper itself builds the prefix; everything else must use it or build one the same way.
  assert.deepEqual(
    unprefixed.map((p) => relative('.', p)),
    [],
  );
});
