#!/usr/bin/env node
// Runs the compiled CLI in this process (no child to lose signals); `npm install` builds it (the
// `prepare` script). Supervisors (systemd, Docker, Kubernetes) should start `node bin/ccpulse.js`
// or the installed `ccpulse` itself, never `npx ccpulse`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('ccpulse is not built yet: run `npm install` (or `npm run build`) in the ccpulse folder first.');
  process.exit(1);
}

// `npx ccpulse` and `npm run` start us through `sh -c`: a SIGTERM to npm reaches that shell, which
// dies without passing it on, and ccpulse would keep running as an orphan still holding its port.
// So when npm started us, our parent going away means "stop", handled like the SIGTERM it stands for.
if (process.env.npm_lifecycle_event !== undefined) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  watch.unref();
}

await import(entry.href);
