// How often each stream runs. Streams are scheduled by kind (the last part of their name, e.g.
// `conversations` in `genesys:default:conversations`), so one setting covers every org.
import { CcpulseError, closest } from '../core/index.js';

export type Schedule = ReadonlyMap<string, number>;

const MINUTE = 60_000;

/** Recent conversations change most and matter most; the directory barely changes. */
export const DEFAULT_SCHEDULE: Schedule = new Map([
  ['conversations', 5 * MINUTE],
  ['contacts', 5 * MINUTE],
  ['queue-intervals', 15 * MINUTE],
  ['skill-intervals', 15 * MINUTE],
  ['agent-intervals', 15 * MINUTE],
  ['directory', 60 * MINUTE],
  ['*', 15 * MINUTE],
]);

export class ScheduleError extends CcpulseError {
  constructor(spec: string, problem: string) {
    super(
      'SCHEDULE_INVALID',
      `the schedule '${spec}' is not valid: ${problem}`,
      "Write comma-separated kind=interval pairs with s, m or h, e.g. 'conversations=2m,directory=1h' (or '*=10m' for every stream).",
    );
  }
}

function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * { s: 1000, m: MINUTE, h: 60 * MINUTE }[match[2] as 's' | 'm' | 'h'];
  return ms >= 1000 ? ms : undefined;
}

/**
 * `conversations=2m,directory=1h` over the defaults. `*=10m` sets every kind (and any stream of a kind
 * added later); kinds named in the same spec override it whatever their order. An unknown kind is an
 * error with the nearest real one: a typo must not leave the schedule silently unchanged.
 */
export function parseSchedule(spec: string | undefined, base: Schedule = DEFAULT_SCHEDULE): Schedule {
  const schedule = new Map(base);
  if (!spec?.trim()) return schedule;
  const named = new Map<string, number>();
  for (const part of spec.split(',')) {
    const [kind, interval, extra] = part.split('=').map((s) => s.trim());
    if (!kind || interval === undefined || extra !== undefined)
      throw new ScheduleError(spec, `'${part.trim()}' is not kind=interval`);
    if (!base.has(kind)) {
      const guess = closest(kind, base.keys());
      throw new ScheduleError(
        spec,
        `'${kind}' is not a stream kind${guess ? ` (did you mean ${guess}?)` : ''}; the kinds are ${[...base.keys()].join(', ')}`,
      );
    }
    const ms = parseDuration(interval);
    if (ms === undefined) throw new ScheduleError(spec, `'${interval}' is not a duration of at least 1s`);
    named.set(kind, ms);
  }
  const all = named.get('*');
  if (all !== undefined) for (const kind of schedule.keys()) schedule.set(kind, all);
  for (const [kind, ms] of named) schedule.set(kind, ms);
  return schedule;
}

function streamKind(stream: string): string {
  return stream.slice(stream.lastIndexOf(':') + 1);
}

export function intervalFor(schedule: Schedule, stream: string): number {
  return schedule.get(streamKind(stream)) ?? schedule.get('*') ?? 15 * MINUTE;
}
