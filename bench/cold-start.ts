// `ccpulse --help` from a cold process against `node -e 0` on the same machine: medians of several
// alternating runs of the built CLI (bin/ccpulse.js over dist/, as installed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ColdStart {
  runs: number;
  helpMs: number;
  nodeMs: number;
  ratio: number;
}

function timed(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(-500)}`);
  return performance.now() - started;
}

export function measureColdStart(runs = 7): ColdStart {
  // dist/ as the code is now: a stale build would measure other code.
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npm run build failed: the cold start needs dist/');
  timed(['bin/ccpulse.js', '--help']);
  const help: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    help.push(timed(['bin/ccpulse.js', '--help']));
    bare.push(timed(['-e', '0']));
  }
  const [helpMs, nodeMs] = [median(help), median(bare)];
  return { runs, helpMs: Math.round(helpMs), nodeMs: Math.round(nodeMs), ratio: Number((helpMs / nodeMs).toFixed(2)) };
}
