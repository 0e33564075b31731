// CLI conventions (issue #15 item 10): --version, examples in every command's help, `query --help`
// says which vendor has which report, a report or flag the vendor does not have is refused before any
// configuration or network (exit 2), and `query cxone interactions` says what it waits for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../src/cli/command-table.js';
import { createWaitLine } from '../../src/cli/wait-line.js';
import { setCxoneLimits } from '../../src/emulator/cxone/reporting-limits.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const emptyFolder = () => tempDir('ccpulse-query-input-');

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const run = runCli(['--version'], {}, emptyFolder());
  const { code, stdout } = await run.done;
  assert.equal(code, 0, run.output());
  assert.equal(stdout.trim(), version);
});

test("every command's help ends with examples of that command", async () => {
  for (const entry of COMMANDS) {
    assert.ok(entry.examples.length > 0, `${entry.name} has no examples`);
    for (const line of entry.examples) assert.match(line, new RegExp(`^ccpulse (--[a-z-]+ \\S+ )*${entry.name}\\b`));
  }
  const run = runCli(['help', 'query'], {}, emptyFolder());
  const { code, stdout } = await run.done;
  assert.equal(code, 0, run.output());
  assert.match(stdout, /\nExamples:\n {2}\$ ccpulse query genesys queue-intervals/);
  // Which vendor has which report, one line per vendor.
  assert.match(stdout, /\n {2}live {14}genesys: queues\/observations/);
  assert.match(stdout, /\n {2}interactions {6}cxone: {3}Data Extraction job/);
  assert.match(stdout, /\n {2}queue-intervals {3}genesys: .*\n {20}cxone: {3}skills\/summary/);
  // The commands module registers exactly the reports the help lists.
  const program = new Command();
  const query = COMMANDS.find((c) => c.name === 'query');
  (await (query as (typeof COMMANDS)[number]).load())(program);
  const listed = [...stdout.matchAll(/^ {2}([a-z-]+) +(genesys|cxone):/gm)].map((m) => m[1]);
  assert.deepEqual(listed, program.commands[0]?.registeredArguments[1]?.argChoices);
});

describe('query input checked before configuration and network (exit 2)', () => {
  // An empty folder and no environment: before these checks, each run stopped at "no vendor is configured".
  for (const [args, message] of [
    [
      ['cxone', 'live'],
      /^error: CXone has no 'live' report \(it is genesys's\)\n {2}fix: For CXone use queue-intervals, conversations, agents, agent-intervals/,
    ],
    [['genesys', 'interactions'], /^error: Genesys Cloud has no 'interactions' report \(it is cxone's\)/],
    [
      ['cxone', 'queue-intervals', '--granularity', 'PT15M'],
      /^error: --granularity does not apply to cxone queue-intervals \(skills\/summary/,
    ],
    [
      ['genesys', 'conversations', '--granularity', 'PT1H'],
      /^error: --granularity does not apply to genesys conversations/,
    ],
    [['genesys', 'agents', '--queue', 'q1'], /^error: --queue does not apply to genesys agents/],
    [['genesys', 'queue-intervals', '--granularity', '15m'], /^error: --granularity '15m' is not an ISO 8601 duration/],
    [['genesys', 'queue-intervals', '--granularity', 'PT0M'], /^error: --granularity 'PT0M' is not/],
    [['genesys', 'queue-intervals', '--granularity', 'P1DT'], /^error: --granularity 'P1DT' is not/],
  ] as const) {
    test(args.join(' '), async () => {
      const run = runCli(['query', ...args], {}, emptyFolder());
      const { code, stderr } = await run.done;
      assert.equal(code, 2, run.output());
      assert.match(stderr, message);
    });
  }
});

describe('query cxone interactions while the extraction job runs', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ seed: 10, conversationsPerDay: 50 });
    setCxoneLimits(emulator.context, { extractionJobMs: 2500 });
  });
  after(() => emulator.close());

  test('piped: one line per stage on stderr, rows on stdout', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const run = runCli(
      ['query', 'cxone', 'interactions', '--from', yesterday, '--format', 'json'],
      emulator.env(),
      emptyFolder(),
    );
    const { code, stdout, stderr } = await run.done;
    assert.equal(code, 0, run.output());
    const stages = stderr.split('\n').filter((l) => l.startsWith('CXone Data Extraction'));
    assert.deepEqual(stages, [
      'CXone Data Extraction: starting the job (CXone allows one every 30 s)…',
      'CXone Data Extraction: job running, CXone is preparing the file…',
      'CXone Data Extraction: downloading the file…',
    ]);
    assert.ok(Array.isArray(JSON.parse(stdout)));
  });
});

test('on a terminal the wait line ticks every second in place and is cleared at the end', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let now = 0;
  const written: string[] = [];
  const line = createWaitLine({ isTTY: true, write: (s: string) => written.push(s) }, () => now);
  line.stage('CXone Data Extraction: job running');
  now = 1000;
  t.mock.timers.tick(1000);
  now = 2400;
  t.mock.timers.tick(1000);
  line.close();
  now = 5000;
  t.mock.timers.tick(3000);
  assert.deepEqual(written, [
    '\r\x1b[KCXone Data Extraction: job running… 0 s',
    '\r\x1b[KCXone Data Extraction: job running… 1 s',
    '\r\x1b[KCXone Data Extraction: job running… 2 s',
    '\r\x1b[K',
  ]);
});
