// Human log lines for a terminal: pino's JSON line turned into `12:04:07 ERROR message  key=value`,
// local time, no pid/hostname. Only the look changes: the JSON has already been redacted by pino.
export type LogFormat = 'json' | 'pretty';

const LEVELS: Readonly<Record<number, { name: string; color: string }>> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '90' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};
/** Fields every line carries that a person at a terminal does not need. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

/** One serialised pino line as a human line (ending in a newline); a line that is not JSON passes as is. */
export function prettyLogLine(line: string, options: { color?: boolean } = {}): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level).padEnd(5), color: '0' };
  const time = typeof entry.time === 'number' ? clockTime(new Date(entry.time)) : '--:--:--';
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const label = options.color ? `\x1b[${level.color}m${level.name}\x1b[0m` : level.name;
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${time} ${label} ${message}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
}

const clockTime = (d: Date) =>
  [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

/** Bare words stay bare; anything with spaces, quotes or '=' is quoted; objects as compact JSON. */
function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
