// Peak RSS of ccpulse's ingest path (job-result pages -> SQLite) for 100k and for 1M conversations,
// each in a process of its own: memory must stay flat however much is ingested.
// `node --import tsx bench/ingest-rss.ts <conversations>` is the child; it prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSqliteSink } from '../src/store/index.js';
import { runJsonChild } from './child-json.js';
import { detailPages, ingestThrough, readyDecoder } from './ingest.js';

interface RssRun {
  conversations: number;
  stored: number;
  peakRssMiB: number;
  seconds: number;
}

export interface RssGrowth {
  small: RssRun;
  large: RssRun;
  growthMiB: number;
}

const runChild = (count: number) => runJsonChild<RssRun>(fileURLToPath(import.meta.url), [String(count)]);

export async function measureRssGrowth(small = 100_000, large = 1_000_000): Promise<RssGrowth> {
  const a = await runChild(small);
  const b = await runChild(large);
  return { small: a, large: b, growthMiB: b.peakRssMiB - a.peakRssMiB };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2]);
  const dir = mkdtempSync(join(tmpdir(), 'ccpulse-bench-rss-'));
  try {
    const sink = await openSqliteSink({ path: join(dir, 'ccpulse.db') });
    const decoder = await readyDecoder();
    const started = performance.now();
    await ingestThrough(sink, detailPages(count), decoder);
    const seconds = (performance.now() - started) / 1000;
    await decoder.close();
    const stored = (await sink.counts()).conversations;
    await sink.close();
    // maxRSS is in KiB: the process's peak, whatever was sampled or not.
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(
      `${JSON.stringify({ conversations: count, stored, peakRssMiB, seconds: Number(seconds.toFixed(1)) })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
