import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Command, Help } from 'commander';
import { COMMANDS, commandNamed } from '../../src/cli/command-table.js';
import { tempDir } from '../support/temp-dir.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const COMMANDS_DIR = new URL('../../src/cli/commands/', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');
const TRACE = new URL('../support/trace-modules.mjs', import.meta.url).pathname;

/** Runs the CLI and returns what it printed and every module the ESM loader loaded. */
function traced(args: string[]): { stdout: string; modules: string[] } {
  const dir = tempDir('ccpulse-lazy-');
  const file = join(dir, 'modules.txt');
  const run = spawnSync(process.execPath, ['--import', TSX, '--import', TRACE, MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, CCPULSE_TRACE_MODULES: file },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return { stdout: run.stdout, modules: readFileSync(file, 'utf8').trim().split('\n') };
}

const HEAVY = [
  '/src/cli/commands/',
  '/src/emulator/',
  '/src/dashboard/',
  '/node_modules/pg/',
  '/node_modules/ioredis/',
];

describe('lazy CLI', () => {
  test("the table lists every command module with the module's own help line and description", async () => {
    const files = readdirSync(COMMANDS_DIR).map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual(COMMANDS.map((c) => c.name).sort(), files.sort());
    const help = new Help();
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load())(program);
      const real = program.commands.find((c) => c.name() === entry.name);
      assert.ok(real, `${entry.name} registers a command of that name`);
      assert.equal(entry.term, help.subcommandTerm(real));
      assert.equal(entry.description, real.description());
    }
  });

  test('the command is found past global options and after help', () => {
    assert.equal(commandNamed(['--env', 'sync', 'token', 'genesys'])?.name, 'token');
    assert.equal(commandNamed(['--env-file', 'x.env', 'help', 'query'])?.name, 'query');
    assert.equal(commandNamed(['help'])?.name, undefined);
    assert.equal(commandNamed(['--help'])?.name, undefined);
    assert.equal(commandNamed(['snyc'])?.name, undefined);
  });

  test('`ccpulse --help` lists every command and loads none of them', () => {
    const { stdout, modules } = traced(['--help']);
    for (const c of COMMANDS) assert.ok(stdout.includes(`  ${c.term}`), `${c.term} listed`);
    const heavy = modules.filter((m) => HEAVY.some((h) => m.includes(h)));
    assert.deepEqual(heavy, []);
  });

  test("`ccpulse sync --help` loads the sync command and not the others' modules", () => {
    const { stdout, modules } = traced(['sync', '--help']);
    assert.match(stdout, /--lookback-hours/);
    assert.ok(modules.some((m) => m.endsWith('/src/cli/commands/sync.ts')));
    const others = modules.filter(
      (m) => (m.includes('/src/cli/commands/') && !m.endsWith('/sync.ts')) || m.includes('/src/emulator/'),
    );
    assert.deepEqual(others, []);
  });
});
