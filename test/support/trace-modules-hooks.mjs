// Loader hooks of trace-modules.mjs (they run on the loader thread, which shares the environment).
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  const file = process.env.CCPULSE_TRACE_MODULES;
  if (file) appendFileSync(file, `${url}\n`);
  return next(url, context);
}
