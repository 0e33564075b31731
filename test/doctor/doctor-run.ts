// Runs `ccpulse doctor` as a child process in a fresh folder, with a .env written there (or none), and
// reads its JSON report; asserts that nothing secret was printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DoctorReport, StorageReport } from '../../src/doctor/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

interface DoctorRun {
  code: number | null;
  stdout: string;
  output: string;
  cwd: string;
}

/** `ccpulse doctor ...args` with `dotenv` written to ./.env (none when undefined) and `env` in the environment. */
export async function runDoctorCli(
  args: string[],
  dotenv: Record<string, string> | undefined,
  env: Record<string, string> = {},
): Promise<DoctorRun> {
  const cwd = tempDir('ccpulse-doctor-');
  if (dotenv) {
    const text = Object.entries(dotenv)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    writeFileSync(join(cwd, '.env'), `${text}\n`, { mode: 0o600 });
  }
  const run = runCli(['doctor', ...args], env, cwd);
  const { code, stdout } = await run.done;
  return { code, stdout, output: run.output(), cwd };
}

/** The JSON report of one vendor: `doctor <vendor> --format json`. */
export async function doctorJson(
  vendor: 'genesys' | 'cxone',
  dotenv: Record<string, string> | undefined,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<{ run: DoctorRun; report: DoctorReport; check(id: string): CheckResult }> {
  const { run, reports } = await doctorJsonRun([vendor, ...extraArgs], dotenv, env);
  const report = reports[0];
  assert.ok(report, 'one report per vendor');
  return { run, report, check: checkFinder(report.checks) };
}

/** The storage block of `doctor genesys --format json` (DATABASE_URL, REDIS_URL), by check id. */
export async function storageJson(
  env: Record<string, string>,
): Promise<{ run: DoctorRun; storage: StorageReport; check(id: 'database' | 'redis'): CheckResult }> {
  const { run, storage } = await doctorJsonRun(['genesys'], undefined, env);
  return { run, storage, check: checkFinder(storage.checks) };
}

async function doctorJsonRun(
  args: string[],
  dotenv: Record<string, string> | undefined,
  env: Record<string, string>,
): Promise<{ run: DoctorRun; reports: DoctorReport[]; storage: StorageReport }> {
  const run = await runDoctorCli([...args, '--format', 'json'], dotenv, env);
  let parsed: { ok: boolean; reports: DoctorReport[]; storage: StorageReport };
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    assert.fail(`doctor printed no JSON report:\n${run.output}`);
  }
  assert.equal(parsed.ok, parsed.reports.every((r) => r.ok) && parsed.storage.ok);
  assert.equal(run.code, parsed.ok ? 0 : 1, 'exit code 1 exactly when a check failed');
  return { run, ...parsed };
}

const checkFinder = (checks: readonly CheckResult[]) => (id: string) => {
  const found = checks.find((c) => c.id === id);
  assert.ok(found, `no check '${id}' in ${checks.map((c) => c.id).join(', ')}`);
  return found;
};

/** The ids of the checks with this status. */
export const withStatus = (report: DoctorReport, status: CheckResult['status']) =>
  report.checks.filter((c) => c.status === status).map((c) => c.id);

export function assertNoSecrets(output: string, emulators: RunningEmulator[]): void {
  for (const emulator of emulators) {
    for (const token of emulator.context.tokens.keys()) assert.ok(!output.includes(token), 'a token was printed');
    for (const client of [...emulator.org.genesys.clients, ...emulator.org.cxone.clients]) {
      assert.ok(!output.includes(client.secret), `the ${client.vendor} ${client.key} client secret was printed`);
      assert.ok(!output.includes(client.id), `the ${client.vendor} ${client.key} client id was printed unmasked`);
    }
    for (const key of emulator.org.cxone.accessKeys)
      assert.ok(!output.includes(key.secret), 'an access key secret was printed');
  }
}
