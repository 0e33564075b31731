// A password inside a URL is a secret in a log line too: in the message and in string fields such as
// an error's text, where pino's field-path redaction cannot see it (issue #15 item 4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/core/index.js';

test('URL user-info is scrubbed from log messages and string fields', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  logger.warn({ err: 'connect to redis://default:hunter2@cache:6379 failed', n: 1 }, 'see https://u:hunter2@h/x');
  logger.info('plain https://user:hunter2@example.com/path message');
  const text = lines.join('');
  assert.ok(!text.includes('hunter2'), text);
  assert.match(text, /redis:\/\/\[redacted\]@cache:6379/);
  assert.match(text, /"n":1/);
  assert.equal(lines.length, 2);
});
