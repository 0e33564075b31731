// `node --import ./test/support/trace-modules.mjs`: appends the URL of every module loaded through the
// ESM loader to the file named by CCPULSE_TRACE_MODULES, so a test can see what a command loaded.
import { register } from 'node:module';

register(new URL('./trace-modules-hooks.mjs', import.meta.url));
