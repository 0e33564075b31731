#!/usr/bin/env node
// Runs the compiled CLI; `npm install` builds it (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('ccpulse is not built yet: run `npm install` (or `npm run build`) in the ccpulse folder first.');
  process.exit(1);
}
await import(entry.href);
