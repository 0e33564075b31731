// What `sync` prints (issue #15 item 9): human log lines on a terminal, JSON when piped or asked for,
// and wrong credentials said once per org — not once per stream followed by "the others were synced".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { prettyLogLine } from '../../src/core/pretty-log.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 15 });
});
after(() => emulator.close());

/** The emulator's configuration with every client and access-key secret wrong. */
const wrongSecrets = () =>
  Object.fromEntries(
    Object.entries(emulator.env()).map(([k, v]) => [k, /SECRET/.test(k) ? 'not-the-secret' : v]),
  ) as Record<string, string>;
const folder = () => tempDir('ccpulse-sync-logs-');

describe('sync with wrong credentials', () => {
  test('one error per org, no "the others were synced", and doctor suggested', async () => {
    const run = runCli(['sync', '--once'], { ...wrongSecrets(), CCPULSE_LOG_LEVEL: 'info' }, folder());
    const { code, stderr } = await run.done;
    assert.equal(code, 1, run.output());
    const logLines = stderr.split('\n').filter((l) => l.startsWith('{'));
    const rejected = logLines.filter((l) => /rejected the OAuth client/.test(l));
    assert.equal(rejected.length, 2, rejected.join('\n'));
    assert.deepEqual(rejected.map((l) => JSON.parse(l).org).sort(), ['cxone:default', 'genesys:default']);
    assert.match(stderr, /^error: No stream was synced: 2 of the sync's orgs\/streams failed:$/m);
    assert.match(stderr, /^ {2}genesys:default: Genesys Cloud rejected the OAuth client/m);
    assert.doesNotMatch(run.output(), /(others?|everything else)\b.*\b(were|was) synced/i);
    assert.match(stderr, /fix: Check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET/);
    assert.match(stderr, /`ccpulse doctor` checks the configuration/);
  });

  test('--log-format pretty: human lines with a clock time, no JSON', async () => {
    const run = runCli(
      ['--log-format', 'pretty', 'sync', '--once'],
      { ...wrongSecrets(), CCPULSE_LOG_LEVEL: 'info' },
      folder(),
    );
    const { stderr } = await run.done;
    assert.match(
      stderr,
      /^\d\d:\d\d:\d\d ERROR cannot connect or sign in to the org; its streams were skipped, the other orgs continue {2}org=genesys:default /m,
    );
    assert.doesNotMatch(stderr, /^\{"level"/m);
  });

  test('--log-format xml is refused with the allowed values (exit 2)', async () => {
    const run = runCli(['--log-format', 'xml', 'sync', '--once'], emulator.env(), folder());
    const { code, stderr } = await run.done;
    assert.equal(code, 2, run.output());
    assert.match(stderr, /CCPULSE_LOG_FORMAT \(--log-format\) 'xml' is not a log format; use json .* or pretty/);
  });

  test('on a terminal the lines are human; CCPULSE_LOG_FORMAT=json keeps JSON there', async (t) => {
    const onTerminal = (extra: Record<string, string>) =>
      new Promise<string>((resolve) => {
        // `script` gives the command a pseudo-terminal, as a person's shell would.
        const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
        const tsx = import.meta.resolve('tsx');
        const child = spawn(
          'script',
          ['-qec', `${process.execPath} --import ${tsx} ${main} sync --once`, '/dev/null'],
          {
            cwd: folder(),
            env: {
              PATH: process.env.PATH ?? '',
              ...wrongSecrets(),
              CCPULSE_LOG_LEVEL: 'info',
              NO_COLOR: '1',
              ...extra,
            },
          },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
        });
        child.on('close', () => resolve(out));
      });
    const human = await onTerminal({});
    if (/script: .*(not found|failed)/i.test(human)) return t.skip('no pseudo-terminal here');
    assert.match(human, /^\d\d:\d\d:\d\d ERROR cannot connect or sign in to the org/m, human);
    assert.doesNotMatch(human, /\{"level"/);
    const json = await onTerminal({ CCPULSE_LOG_FORMAT: 'json' });
    assert.match(json, /^\{"level":50,.*"org":"genesys:default"/m, json);
  });
});

test('prettyLogLine: level, message, fields; pid/hostname dropped; values quoted when needed', () => {
  const time = new Date(2026, 10, 29, 7, 5, 9).getTime();
  const line = JSON.stringify({
    level: 40,
    time,
    pid: 1,
    hostname: 'h',
    name: 'ccpulse',
    stream: 'genesys:default:conversations',
    err: 'a "quoted" thing',
    n: 3,
    msg: 'stream failed',
  });
  assert.equal(
    prettyLogLine(line),
    '07:05:09 WARN  stream failed  stream=genesys:default:conversations err="a \\"quoted\\" thing" n=3\n',
  );
  assert.equal(prettyLogLine(line, { color: true }).slice(9, 19), '\x1b[33mWARN ');
  assert.equal(prettyLogLine('not json\n'), 'not json\n');
});
