// Durations as CXone writes them in its performance reports: ISO 8601 `PT#H#M#S`, seconds with up to
// three decimals, `PT0S` for nothing. Hours are not folded into days, so sums stay easy to read.

export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const parts = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `PT${parts || '0S'}`;
}
