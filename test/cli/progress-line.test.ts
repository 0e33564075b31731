// The sync progress line: drawn only on a terminal, in place, truncated to its width, with log lines
// printed above it and nothing left behind; `ccpulse sync` shows it under a pseudo-terminal and prints
// no escape code at all when its output is piped.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { createProgressLine } from '../../src/cli/progress-line.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { tickingClock } from '../sync/sync-fixture.js';

const ESC = '\x1b';

function terminal(columns = 100) {
  const chunks: string[] = [];
  return { isTTY: true, columns, write: (c: string) => chunks.push(c), chunks, screen: () => chunks.join('') };
}

/** What a terminal shows on its last line: the text after the last clear. */
const lastLine = (out: string) => out.split('\r\x1b[K').at(-1) ?? '';

describe('progress line', () => {
  test('not a terminal: no progress line, so nothing is ever written', () => {
    assert.equal(createProgressLine({ isTTY: false, write: () => assert.fail('wrote to a pipe') }), undefined);
    assert.equal(createProgressLine({ write: () => assert.fail('wrote to a pipe') }), undefined);
  });

  test('windows done/total and rows of the running stream, redrawn in place; finished streams summed', () => {
    const out = terminal();
    const line = createProgressLine(out);
    assert.ok(line);
    line.progress({ stream: 'genesys:default:queue-intervals', windowsDone: 0, windowsTotal: 3, rows: 0 });
    line.rows('genesys:default:queue-intervals', 1200);
    line.progress({ stream: 'genesys:default:queue-intervals', windowsDone: 1, windowsTotal: 3, rows: 1200 });
    assert.equal(lastLine(out.screen()), 'sync genesys:default:queue-intervals  1/3 windows  1,200 rows');
    line.progress({ stream: 'genesys:default:queue-intervals', windowsDone: 3, windowsTotal: 3, rows: 1500 });
    line.rows('genesys:default:queue-intervals', 300);
    line.progress({ stream: 'genesys:default:conversations', windowsDone: 0, windowsTotal: 12, rows: 0 });
    line.rows('genesys:default:conversations', 100);
    assert.equal(
      lastLine(out.screen()),
      'sync genesys:default:conversations  0/12 windows  100 rows  (1 done, 1,500 rows)',
    );
    assert.ok(!out.screen().includes('\n'), 'one line, rewritten, never scrolled');
  });

  test('truncated to the terminal width; a log line goes above the progress line, which is redrawn', () => {
    const out = terminal(30);
    const line = createProgressLine(out);
    assert.ok(line);
    line.progress({ stream: 'cxone:default:skill-intervals', windowsDone: 5, windowsTotal: 72, rows: 10 });
    assert.equal(lastLine(out.screen()).length, 29);
    assert.ok(lastLine(out.screen()).endsWith('…'));
    line.log.write('{"msg":"stream synced"}\n');
    const [logged, redrawn] = out.screen().split('\n').slice(-2);
    assert.equal(lastLine(logged ?? ''), '{"msg":"stream synced"}');
    assert.ok(redrawn?.startsWith('\r\x1b[Ksync cxone:default:skill'), redrawn);
    line.close();
    assert.equal(lastLine(out.screen()), '', 'closing leaves an empty line for the summary');
  });

  test('`ccpulse sync --from`: the line on a terminal, no escape code in a pipe', async (t) => {
    if (spawnSync('script', ['--version']).status !== 0) {
      t.skip('skipped: no `script` (util-linux) to give the CLI a pseudo-terminal');
      return;
    }
    // Final history (so every run reads the same) on the Genesys side only.
    const emulator = await startEmulator({ seed: 13, clock: tickingClock(Date.UTC(2026, 10, 20, 12), 5) });
    try {
      const env = {
        ...Object.fromEntries(Object.entries(emulator.env()).filter(([k]) => !k.startsWith('CXONE_'))),
        CCPULSE_LOG_LEVEL: 'info',
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
      };
      const args = ['sync', '--once', '--from', '2026-11-10T00:00:00Z', '--until', '2026-11-11T00:00:00Z'];

      const piped = runCli(args, { ...env, CCPULSE_DATA_DIR: tempDir('ccpulse-pipe-') });
      assert.equal((await piped.done).code, 0, piped.output());
      assert.ok(!piped.output().includes(ESC), 'no escape code when piped');
      assert.match(piped.output(), /"stream synced"/);

      const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
      const command = [process.execPath, '--import', import.meta.resolve('tsx'), main, ...args]
        .map((a) => `'${a}'`)
        .join(' ');
      const tty = spawn('script', ['-qec', command, '/dev/null'], {
        env: { ...env, CCPULSE_DATA_DIR: tempDir('ccpulse-tty-'), COLUMNS: '120' },
      });
      let screen = '';
      tty.stdout.on('data', (d: Buffer) => {
        screen += d;
      });
      const code = await new Promise((resolve) => tty.on('close', resolve));
      assert.equal(code, 0, screen);
      assert.match(screen, /sync genesys:default:conversations {2}\d+\/4 windows {2}[\d,]+ rows/);
      // A log line clears the progress line, prints itself (human on a terminal) and the line is redrawn.
      const logLine = new RegExp(`\r${ESC}\\[K\\d{2}:\\d{2}:\\d{2} (${ESC}\\[\\d+m)?INFO `);
      assert.match(screen, logLine, 'log lines printed above the line');
      assert.match(screen, /genesys:default:conversations +4 +\d+ +ok/, 'then the summary table');
    } finally {
      await emulator.close();
    }
  });
});
