// ISO 8601 durations as CXone's performance reports send them (`PT1M30S`, `PT0.5S`, `P1DT2H`), read
// into milliseconds. Years and months have no fixed length, so they are refused rather than guessed.

const DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** Milliseconds, or undefined when `text` is not a duration of weeks, days, hours, minutes and seconds. */
export function parseIsoDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  // `P` and `PT` alone match the pattern but say nothing.
  if (!match || match.slice(1).every((part) => part === undefined) || text.trim().endsWith('T')) return undefined;
  let ms = 0;
  match.slice(1).forEach((part, i) => {
    if (part !== undefined) ms += Number(part.replace(',', '.')) * (UNIT_MS[i] ?? 0);
  });
  return Math.round(ms);
}
