// The one workload both sides run, passed from the parent to each child as JSON in an environment
// variable. It imports nothing from ccpulse: the SDK's child must load only the SDK.

export const PLAN_ENV = 'CCPULSE_SDK_COMPARE_PLAN';
/** Where the ccpulse child writes the requests it sent (for the raw replay), when set. */
export const RECORD_ENV = 'CCPULSE_SDK_COMPARE_RECORD';

/** The metrics ccpulse's queryQueueIntervals asks for; its child checks the two lists are equal. */
export const AGGREGATE_METRICS = [
  'nOffered',
  'tAnswered',
  'tAbandon',
  'nTransferred',
  'tAcd',
  'tTalk',
  'tHeld',
  'tAcw',
  'tHandle',
  'oServiceLevel',
];

export interface WorkloadSize {
  /** Conversation aggregates queries (one whole day, by queue, PT30M each). */
  aggregatesQueries: number;
  /** The emulator's traffic volume: the details paging reads one such day. */
  conversationsPerDay: number;
  /** Requests in flight at once during the aggregates part (the details paging is sequential). */
  concurrency: number;
}

export interface Interval {
  from: number;
  to: number;
}

export interface WorkloadPlan {
  aggregates: Interval[];
  granularity: string;
  details: Interval;
  pageSize: number;
  concurrency: number;
}

const DAY_MS = 86_400_000;

/**
 * Aggregates cycle over the three whole UTC days before yesterday (a re-sync lookback); the details
 * paging reads the first of them. Days that ended over 24 h ago: no conversation of theirs is still
 * under way, so both sides page the same, stable set.
 */
export function buildPlan(size: WorkloadSize, now: number): WorkloadPlan {
  const day = Math.floor(now / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const aggregates = Array.from({ length: size.aggregatesQueries }, (_, i) => {
    const from = day - (i % 3) * DAY_MS;
    return { from, to: from + DAY_MS };
  });
  return {
    aggregates,
    granularity: 'PT30M',
    details: { from: day, to: day + DAY_MS },
    pageSize: 100,
    concurrency: size.concurrency,
  };
}

export function readPlan(env: NodeJS.ProcessEnv = process.env): WorkloadPlan {
  const raw = env[PLAN_ENV];
  if (!raw) throw new Error(`${PLAN_ENV} is not set: run this file through measure-sdk-comparison.ts`);
  return JSON.parse(raw) as WorkloadPlan;
}

/** The interval string both sides send (ccpulse's own format: ISO instants with milliseconds). */
export const isoInterval = ({ from, to }: Interval) => `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;

/** Runs `work` over `items` with at most `concurrency` in flight, as a caller with a small worker pool would. */
export async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
