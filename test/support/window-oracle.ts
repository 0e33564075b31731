// The check every rate-budget test relies on: could any window have held more than the limit?

/** One request as a budget saw it: sent at `sent`, its answer in at `answered`. */
export interface RequestTrace {
  sent: number;
  answered: number;
}

/**
 * The most requests that could have reached the server within one window. A request arrived somewhere
 * in [sent, answered]; a set of them can share a window of `windowMs` iff the latest send is less than
 * a window after the earliest answer. For each request, count those sent no later whose answer came
 * after its send minus a window: the worst case over every possible arrival.
 */
export function mostInAnyWindow(traces: RequestTrace[], windowMs: number): number {
  const bySent = [...traces].sort((a, b) => a.sent - b.sent);
  let most = 0;
  bySent.forEach((latest, j) => {
    let n = 0;
    for (let i = 0; i <= j; i++) if ((bySent[i] as RequestTrace).answered > latest.sent - windowMs) n++;
    most = Math.max(most, n);
  });
  return most;
}
