// Peak memory of `ccpulse export` over 1,000,000 conversations (SQLite), against the same command
// over 10,000 and a bare `node -e 0`: flat memory means the 1M peak stays near the 10k one. Each run
// is the real CLI in its own process, its output read (and dropped) by this one as it streams.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conversation } from '../src/model/index.js';
import { openSqliteSink } from '../src/store/index.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');
const REPORT_RSS = new URL('./report-max-rss.mjs', import.meta.url).pathname;
const T0 = Date.UTC(2026, 10, 1);

async function fill(dataDir: string, count: number): Promise<void> {
  const sink = await openSqliteSink({ path: join(dataDir, 'ccpulse.db') });
  const batch = 20_000;
  for (let at = 0; at < count; at += batch) {
    const conversations: Conversation[] = Array.from({ length: Math.min(batch, count - at) }, (_, i) => {
      const n = at + i;
      return {
        vendor: 'genesys',
        org: 'default',
        id: `c-${String(n).padStart(8, '0')}`,
        start: T0 + n * 2_000,
        end: T0 + n * 2_000 + 300_000,
        direction: 'inbound',
        mediaType: 'voice',
        queueIds: [`q-${n % 20}`],
        agentIds: n % 10 === 0 ? [] : [`u-${n % 150}`],
        answered: n % 10 !== 0,
        abandoned: n % 10 === 0,
        waitMs: 15_000 + (n % 60) * 1000,
        handleMs: n % 10 === 0 ? undefined : 240_000 + (n % 90) * 1000,
        wrapUpCode: n % 3 === 0 ? 'Resolved' : undefined,
        ani: `tel:+1555${String(n % 1e7).padStart(7, '0')}`,
        dnis: 'tel:+18005550100',
        lastUpdated: T0 + n * 2_000 + 300_000,
        participants: [],
      };
    });
    await sink.writeBatch({ conversations });
  }
  await sink.close();
}

/** Runs a command, drains its stdout, returns its peak RSS (MiB), bytes out and seconds. */
function measure(args: string[], env: Record<string, string>) {
  return new Promise<{ peakRssMiB: number; bytes: number; seconds: number }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_RSS, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /ccpulse-max-rss-kb (\d+)/.exec(stderr)?.[1];
      if (code !== 0 || !kb) return reject(new Error(`bench export run failed (${code}): ${stderr.slice(-500)}`));
      resolve({
        peakRssMiB: Number((Number(kb) / 1024).toFixed(1)),
        bytes,
        seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      });
    });
  });
}

export async function measureExportMemory(options: { rows?: number; small?: number } = {}) {
  const rows = options.rows ?? 1_000_000;
  const small = options.small ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'ccpulse-bench-export-'));
  try {
    const big = join(dir, 'big');
    const little = join(dir, 'small');
    let t = performance.now();
    await fill(big, rows);
    const fillSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    await fill(little, small);
    t = performance.now();
    const exportArgs = (format: string) => ['--import', TSX, MAIN, 'export', 'v_conversations', '--format', format];
    const nodeBare = await measure(['-e', '0'], {});
    const smallRun = await measure(exportArgs('jsonl'), { CCPULSE_DATA_DIR: little });
    const jsonl = await measure(exportArgs('jsonl'), { CCPULSE_DATA_DIR: big });
    const csv = await measure(exportArgs('csv'), { CCPULSE_DATA_DIR: big });
    return {
      conversations: rows,
      fillSeconds,
      nodeBarePeakRssMiB: nodeBare.peakRssMiB,
      [`export${small}PeakRssMiB`]: smallRun.peakRssMiB,
      jsonl: { ...jsonl, rowsPerSecond: Math.round(rows / jsonl.seconds) },
      csv: { ...csv, rowsPerSecond: Math.round(rows / csv.seconds) },
      // Flat memory: how much more the 1M export holds at its peak than the 10k one.
      peakRatio1MTo10k: Number((Math.max(jsonl.peakRssMiB, csv.peakRssMiB) / smallRun.peakRssMiB).toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname)
  console.log(JSON.stringify(await measureExportMemory(), null, 2));
