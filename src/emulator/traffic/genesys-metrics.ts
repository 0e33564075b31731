// Genesys analytics metrics of one conversation, the single definition that both the details
// records and the aggregates use, so the aggregates for any interval equal the sum of the details.
import type { SeedQueue } from '../seed-org.js';
import type { SimConversation } from './traffic.js';

type GenesysMetricName =
  | 'nOffered'
  | 'nConnected'
  | 'tAcd'
  | 'tWait'
  | 'tAnswered'
  | 'tAbandon'
  | 'tAlert'
  | 'tTalk'
  | 'tHeld'
  | 'tAcw'
  | 'tHandle'
  | 'nTransferred'
  | 'oServiceLevel';

export const GENESYS_METRICS: readonly GenesysMetricName[] = [
  'nOffered',
  'nConnected',
  'tAcd',
  'tWait',
  'tAnswered',
  'tAbandon',
  'tAlert',
  'tTalk',
  'tHeld',
  'tAcw',
  'tHandle',
  'nTransferred',
  'oServiceLevel',
];

/** Count metrics (n*) have value 1 per occurrence; time metrics (t*) are durations in ms. */
interface MetricObservation {
  name: Exclude<GenesysMetricName, 'oServiceLevel'>;
  value: number;
  /** Which participant carries it in a details record. */
  on: 'acd' | 'agent';
  /**
   * When Genesys emits it (the detail metric's emitDate): the moment its calculation completes —
   * an offer on queue entry, an answer when the agent connects, handle time when after-call work
   * ends. Aggregates put each metric in the interval of this moment, not of the conversation's start.
   */
  at: number;
}

export function conversationMetrics(c: SimConversation): MetricObservation[] {
  const leftQueue = c.start + c.waitMs;
  const m: MetricObservation[] = [
    { name: 'nOffered', value: 1, on: 'acd', at: c.start },
    { name: 'tAcd', value: c.waitMs, on: 'acd', at: leftQueue },
    { name: 'tWait', value: c.waitMs, on: 'acd', at: leftQueue },
  ];
  if (!c.answered) {
    m.push({ name: 'tAbandon', value: c.waitMs, on: 'acd', at: leftQueue });
    return m;
  }
  const connected = leftQueue + c.alertMs;
  const talkEnd = connected + c.talkMs;
  m.push(
    { name: 'nConnected', value: 1, on: 'agent', at: connected },
    { name: 'tAnswered', value: c.waitMs, on: 'acd', at: connected },
    { name: 'tAlert', value: c.alertMs, on: 'agent', at: connected },
    { name: 'tTalk', value: c.talkMs, on: 'agent', at: talkEnd },
  );
  if (c.holdMs > 0) m.push({ name: 'tHeld', value: c.holdMs, on: 'agent', at: talkEnd + c.holdMs });
  m.push(
    { name: 'tAcw', value: c.acwMs, on: 'agent', at: c.end },
    { name: 'tHandle', value: c.talkMs + c.holdMs + c.acwMs, on: 'agent', at: c.end },
  );
  if (c.transferred) m.push({ name: 'nTransferred', value: 1, on: 'agent', at: c.end });
  return m;
}

/**
 * Answered within the queue's threshold counts for the service level; every offer counts against it.
 * Known when the conversation leaves the queue (answered or abandoned).
 */
export function serviceLevelInputs(
  c: SimConversation,
  queue: SeedQueue,
): { numerator: number; denominator: number; at: number } {
  return {
    numerator: c.answered && c.waitMs <= queue.serviceLevel.thresholdSeconds * 1000 ? 1 : 0,
    denominator: 1,
    at: c.start + c.waitMs,
  };
}

interface MetricStats {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  ratio?: number;
  numerator?: number;
  denominator?: number;
  target?: number;
}

/** Accumulates observations into Genesys `stats` objects. */
export class StatsAccumulator {
  readonly #stats = new Map<string, MetricStats>();

  add(name: string, value: number): void {
    const s = this.#stats.get(name);
    if (!s) {
      this.#stats.set(name, { count: 1, sum: value, min: value, max: value });
      return;
    }
    s.count++;
    s.sum = (s.sum ?? 0) + value;
    s.min = Math.min(s.min ?? value, value);
    s.max = Math.max(s.max ?? value, value);
  }

  addServiceLevel(numerator: number, denominator: number, target: number): void {
    const s = this.#stats.get('oServiceLevel') ?? { count: 0, numerator: 0, denominator: 0, target };
    s.numerator = (s.numerator ?? 0) + numerator;
    s.denominator = (s.denominator ?? 0) + denominator;
    s.ratio = s.denominator ? s.numerator / s.denominator : 0;
    s.count = s.denominator;
    this.#stats.set('oServiceLevel', s);
  }

  /** Genesys `metrics[]` for the requested names; count metrics carry only `count`. */
  toMetrics(names: readonly string[]): { metric: string; stats: MetricStats }[] {
    const out: { metric: string; stats: MetricStats }[] = [];
    for (const name of names) {
      const s = this.#stats.get(name);
      if (!s) continue;
      out.push({ metric: name, stats: name.startsWith('n') ? { count: s.count } : { ...s } });
    }
    return out;
  }
}
