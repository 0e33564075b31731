// A line on stderr while the CLI waits on a vendor's job (CXone Data Extraction): what it waits for
// and for how long, so a minute of waiting is not a minute of silence. On a terminal it is redrawn
// in place every second; piped, each stage is one plain line.
import type { ProgressOutput } from './progress-line.js';

const CLEAR_LINE = '\r\x1b[K';

interface WaitLine {
  /** Starts (or moves on to) a stage described by `text`; the clock restarts. */
  stage(text: string): void;
  /** Clears the line (on a terminal) and stops the clock. */
  close(): void;
}

export function createWaitLine(out: ProgressOutput, now: () => number = Date.now): WaitLine {
  let text: string | undefined;
  let since = now();
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    if (text !== undefined) out.write(`${CLEAR_LINE}${text}… ${Math.round((now() - since) / 1000)} s`);
  };
  return {
    stage(next) {
      text = next;
      since = now();
      if (!out.isTTY) {
        out.write(`${next}…\n`);
        return;
      }
      draw();
      // Unref'd: a ticking clock never keeps the process alive on its own.
      timer ??= setInterval(draw, 1000).unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (out.isTTY && text !== undefined) out.write(CLEAR_LINE);
      text = undefined;
    },
  };
}
