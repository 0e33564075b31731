// The SQLite database holds callers' numbers: its folder is created 0700 and the database, its WAL
// and shared-memory files 0600, whatever the umask; a file left readable by an older version is
// narrowed when opened (issue #15 item 0d).
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTokenKey } from '../../src/auth/index.js';
import { openSqliteSink } from '../../src/store/index.js';
import { tempDir } from '../support/temp-dir.js';
import { queues } from './sample-records.js';

const mode = (path: string) => statSync(path).mode & 0o777;

test('a new data folder is 0700 and every file ccpulse writes in it 0600, even with umask 000', async () => {
  const root = tempDir('ccpulse-perm-');
  const dir = join(root, 'data', 'nested');
  const previous = process.umask(0);
  try {
    const sink = await openSqliteSink({ path: join(dir, 'ccpulse.db') });
    await sink.writeBatch({ queues: queues() });
    loadTokenKey(undefined, join(dir, 'token.key'));
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(join(root, 'data')), 0o700);
    const files = readdirSync(dir);
    for (const f of ['ccpulse.db', 'ccpulse.db-wal', 'ccpulse.db-shm', 'token.key']) assert.ok(files.includes(f), f);
    for (const f of files) assert.equal(mode(join(dir, f)), 0o600, `${f} is ${mode(join(dir, f)).toString(8)}`);
    await sink.close();
  } finally {
    process.umask(previous);
  }
});

test('a database an older version left 0644 is narrowed to 0600 when opened', async () => {
  const dir = tempDir('ccpulse-perm-');
  const path = join(dir, 'ccpulse.db');
  writeFileSync(path, '');
  chmodSync(path, 0o644);
  const sink = await openSqliteSink({ path });
  assert.equal(mode(path), 0o600);
  await sink.close();
});
