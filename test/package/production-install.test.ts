// A production install (issue #15 items 11 and 12): what `npm pack` ships, the library entry point
// importable (with types) from the packed build, `npx ccpulse daemon|serve` stopped by SIGTERM with no
// orphan left holding the port, the Dockerfile and the systemd unit checked, `.env.example` complete.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALIASES } from '../../src/config/env-names.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { freePort } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const instructions = lines.map((l) => ({
    op: (l.split(/\s+/)[0] ?? '').toUpperCase(),
    args: l.replace(/^\S+\s*/, ''),
  }));
  const stages = instructions.flatMap((ins, i) => (ins.op === 'FROM' ? [i] : []));
  const finalStage = instructions.slice(stages.at(-1));

  test('multi-stage, every stage on node:20-bookworm-slim, only known instructions', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    for (const i of stages) assert.match(instructions[i]?.args ?? '', /^node:20-bookworm-slim(\s+AS\s+\w+)?$/i);
    const known = [
      'FROM',
      'RUN',
      'COPY',
      'WORKDIR',
      'ENV',
      'USER',
      'VOLUME',
      'EXPOSE',
      'HEALTHCHECK',
      'ENTRYPOINT',
      'CMD',
      'ARG',
    ];
    for (const ins of instructions) assert.ok(known.includes(ins.op), `unknown instruction ${ins.op}`);
  });

  test('builds from the npm registry and Debian only: no curl|sh, no remote ADD, the lockfile from registry.npmjs.org', () => {
    assert.doesNotMatch(text, /\b(curl|wget)\b|\|\s*(ba)?sh\b|^ADD\s+https?:/im);
    assert.ok(
      instructions.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args)),
      'npm ci from the lockfile',
    );
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { resolved?: string }> };
    const foreign = Object.entries(lock.packages).filter(
      ([, p]) => p.resolved !== undefined && !p.resolved.startsWith('https://registry.npmjs.org/'),
    );
    assert.deepEqual(foreign, []);
  });

  test('compilers only in the build stage; the final stage runs as a non-root user', () => {
    const apt = instructions.filter((i) => i.op === 'RUN' && /apt-get/.test(i.args));
    assert.ok(apt.length > 0 && apt.every((i) => /python3/.test(i.args) && /\bg\+\+/.test(i.args)));
    assert.ok(
      !finalStage.some((i) => i.op === 'RUN' && /apt-get|python3|g\+\+/.test(i.args)),
      'compilers in the image',
    );
    const user = finalStage.filter((i) => i.op === 'USER').at(-1);
    assert.ok(user, 'USER in the final stage');
    assert.doesNotMatch(user.args, /^(root|0)(:|$)/);
  });

  test('HEALTHCHECK asks /healthz; the entry point is node itself (exec form, no shell in between)', () => {
    const health = finalStage.find((i) => i.op === 'HEALTHCHECK');
    assert.match(health?.args ?? '', /CMD \[.*\/healthz/);
    assert.match(finalStage.find((i) => i.op === 'ENTRYPOINT')?.args ?? '', /^\["node", "bin\/ccpulse\.js"\]$/);
  });

  test('docker build is left to a machine with docker and the registry (noted, not faked)', (t) => {
    const docker = spawnSync('docker', ['info'], { stdio: 'ignore' });
    t.diagnostic(`docker info exit ${docker.status ?? docker.error?.message}: the image is not built by this suite`);
  });
});

describe('systemd unit deploy/ccpulse-daemon.service', () => {
  const text = read('deploy/ccpulse-daemon.service');
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) settings.set(m[1] as string, [...(settings.get(m[1] as string) ?? []), m[2] as string]);
  }
  const one = (key: string) => settings.get(key)?.at(-1);

  test('non-root, restarts on failure but not on a configuration error, reads an EnvironmentFile, hardened', () => {
    assert.match(one('User') ?? 'root', /^(?!root$)\w+/);
    assert.equal(one('Restart'), 'on-failure');
    assert.equal(one('RestartPreventExitStatus'), '2');
    assert.match(one('EnvironmentFile') ?? '', /^-?\/etc\/ccpulse\//);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
    ])
      assert.equal(one(key as string), value, key);
    // node started directly: no npx, no shell to swallow the stop signal.
    assert.match(one('ExecStart') ?? '', /^\/\S*\/node \S+\/bin\/ccpulse\.js daemon\b/);
    assert.doesNotMatch(one('ExecStart') ?? '', /npx|sh -c/);
  });

  test('systemd-analyze verify finds nothing to say (when systemd-analyze is here)', (t) => {
    const dir = tempDir('ccpulse-unit-');
    const unit = join(dir, 'ccpulse-daemon.service');
    // The unit as shipped, with node and ccpulse where this machine has them.
    writeFileSync(
      unit,
      text.replace(/^ExecStart=\S+ \S+/m, `ExecStart=${process.execPath} ${join(ROOT, 'bin/ccpulse.js')}`),
    );
    const run = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    if (run.error) return t.skip('systemd-analyze is not installed');
    const said = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes('ccpulse-daemon.service'));
    assert.deepEqual(said, []);
    assert.equal(run.status, 0, run.stderr);
  });
});

test('.env.example lists every variable ccpulse reads, and nothing else', () => {
  const source = readdirSync(join(ROOT, 'src/config'))
    .map((f) => readFileSync(join(ROOT, 'src/config', f), 'utf8'))
    .join('\n');
  const names = new Set([
    ...[...source.matchAll(/'((?:GENESYS|CXONE|CCPULSE)_[A-Z_]+|DATABASE_URL|REDIS_URL)'/g)].map((m) => m[1] as string),
    ...Object.keys(ALIASES),
  ]);
  const listed = new Set([...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string));
  assert.deepEqual([...names].filter((n) => !listed.has(n)).sort(), [], 'read by ccpulse, missing in .env.example');
  assert.deepEqual([...listed].filter((n) => !names.has(n)).sort(), [], 'in .env.example, read by nothing');
});

test('LICENSE is the MIT license package.json names', () => {
  assert.equal(JSON.parse(read('package.json')).license, 'MIT');
  assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /);
});

describe('the packed package', () => {
  let dir: string;
  let app: string;
  let packed: string[];
  let emulator: RunningEmulator;

  before(async () => {
    dir = tempDir('ccpulse-pack-');
    // The package folder as npm would pack it, built into a copy so the checkout's dist is untouched.
    const pkg = join(dir, 'pkg');
    mkdirSync(pkg);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin', 'deploy', '.env.example'])
      cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], {
      stdio: 'inherit',
    });
    const [report] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        cwd: pkg,
        encoding: 'utf8',
      }),
    ) as [{ filename: string; files: { path: string }[] }];
    packed = report.files.map((f) => f.path).sort();
    // Installed as `npm i` would lay it out: node_modules/ccpulse, its bin linked, dependencies beside it.
    app = join(dir, 'app');
    const installed = join(app, 'node_modules/ccpulse');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, report.filename), '-C', installed, '--strip-components=1']);
    symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'));
    mkdirSync(join(app, 'node_modules/.bin'));
    symlinkSync('../ccpulse/bin/ccpulse.js', join(app, 'node_modules/.bin/ccpulse'));
    emulator = await startEmulator({ seed: 12, conversationsPerDay: 20 });
    writeFileSync(
      join(app, '.env'),
      Object.entries(emulator.env())
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
  });
  after(async () => {
    await emulator?.close();
  });

  test('npm pack ships dist, bin, LICENSE, README, .env.example and the unit, and no tests, sources, .env, data or source maps', () => {
    for (const f of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/ccpulse.js',
      'dist/cli/main.js',
      'dist/lib.js',
      'dist/lib.d.ts',
    ])
      assert.ok(packed.includes(f), `${f} is not packed`);
    const stray = packed.filter(
      (f) =>
        !/^(LICENSE|README\.md|package\.json|\.env\.example|deploy\/ccpulse-daemon\.service|bin\/ccpulse\.js|dist\/.+\.(js|d\.ts))$/.test(
          f,
        ),
    );
    assert.deepEqual(stray, []);
  });

  test('the checkout packs the same rules: nothing from test/, src/, data/ or .env*', () => {
    const [report] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as [{ files: { path: string }[] }];
    const bad = report.files
      .map((f) => f.path)
      .filter((f) => /^(test|src|bench|data|scripts)\/|(^|\/)\.env(?!\.example$)|\.map$|\.db$/.test(f));
    assert.deepEqual(bad, []);
  });

  test("import 'ccpulse' gives the auth and vendor clients, with types", () => {
    const probe = join(app, 'probe.mts');
    writeFileSync(
      probe,
      [
        "import { auth, connectOrg, createRuntime, cxone, genesys, parseConfig, type Queue } from 'ccpulse';",
        'const queues: Queue[] = [];',
        'const config = parseConfig({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s" });',
        'const checks = [typeof connectOrg, typeof createRuntime, typeof auth.TokenManager, typeof genesys.listQueues, typeof cxone.extractInteractions];',
        'console.log(JSON.stringify({ checks, orgs: config.orgs.length, queues: queues.length }));',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['probe.mts'],
      }),
    );
    const typed = spawnSync(process.execPath, [TSC, '-p', app], { cwd: app, encoding: 'utf8' });
    assert.equal(typed.status, 0, typed.stdout + typed.stderr);
    const js = join(app, 'probe.mjs');
    writeFileSync(js, readFileSync(probe, 'utf8').replace(', type Queue', '').replace(': Queue[]', ''));
    const ran = JSON.parse(execFileSync(process.execPath, [js], { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(ran, { checks: ['function', 'function', 'function', 'function', 'function'], orgs: 1, queues: 0 });
  });

  for (const command of ['serve', 'daemon'] as const) {
    test(`SIGTERM to \`npx ccpulse ${command}\` stops ccpulse: the port is released and no process is left`, async () => {
      const port = await freePort();
      const args = command === 'serve' ? ['serve', '--port', String(port)] : ['daemon', '--metrics-port', String(port)];
      const npx = spawn('npx', ['--no', 'ccpulse', ...args], {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CCPULSE_LOG_LEVEL: 'warn' },
      });
      let output = '';
      npx.stdout.on('data', (d: Buffer) => {
        output += d;
      });
      npx.stderr.on('data', (d: Buffer) => {
        output += d;
      });
      await until(
        () => /Dashboard: http|Health: http/.test(output),
        60_000,
        () => output,
      );
      assert.ok(await answers(port), 'listening before the signal');
      assert.ok(ours(app).length >= 1, 'the ccpulse node process is found');
      npx.kill('SIGTERM');
      await until(
        async () => !(await answers(port)) && ours(app).length === 0,
        15_000,
        () => `still running: ${ours(app).join(' | ')}\n${output}`,
      );
    });
  }
});

/** Command lines of running processes that run the ccpulse installed under `app`. */
function ours(app: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(join(app, 'node_modules')) && !cmdline.startsWith('npm')) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out: ${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
