// How numbers read on the dashboard: durations as m:ss (h:mm:ss past an hour), rates as whole
// percents. A dash when the vendor has no figure yet. Clock times are the supervisor's zone's
// (time-zone.ts).

export const NO_VALUE = '–';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return NO_VALUE;
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return NO_VALUE;
  return `${Math.round(fraction * 100)}%`;
}

export const formatCount = (n: number | undefined): string => (n === undefined ? NO_VALUE : String(n));
