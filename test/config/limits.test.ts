// The deadlines and the response cap (issue #17 items 1-2): documented defaults, decimals allowed,
// every bad value a configuration problem naming the variable, the value and an example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_LIMITS, parseConfig } from '../../src/config/index.js';

const org = { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: 'secret' };

test('defaults: a minute per request, half an hour per window, 64 MiB per answer', () => {
  assert.deepEqual(parseConfig(org).limits, DEFAULT_LIMITS);
  assert.deepEqual(DEFAULT_LIMITS, {
    requestTimeoutMs: 60_000,
    windowTimeoutMs: 1_800_000,
    maxResponseBytes: 64 * 1024 * 1024,
  });
});

test('values in seconds and MiB, decimals allowed', () => {
  const { limits } = parseConfig({
    ...org,
    CCPULSE_REQUEST_TIMEOUT_SECONDS: '2.5',
    CCPULSE_WINDOW_TIMEOUT_SECONDS: '90',
    CCPULSE_MAX_RESPONSE_MB: '0.5',
  });
  assert.deepEqual(limits, { requestTimeoutMs: 2500, windowTimeoutMs: 90_000, maxResponseBytes: 512 * 1024 });
});

test('bad values are refused together, each with its variable, value and an example', () => {
  let error: unknown;
  try {
    parseConfig({
      ...org,
      CCPULSE_REQUEST_TIMEOUT_SECONDS: 'soon',
      CCPULSE_WINDOW_TIMEOUT_SECONDS: '0',
      CCPULSE_MAX_RESPONSE_MB: '4096',
    });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConfigError);
  assert.match(
    error.message,
    /CCPULSE_REQUEST_TIMEOUT_SECONDS 'soon' must be a number of seconds\. Example: CCPULSE_REQUEST_TIMEOUT_SECONDS=60/,
  );
  assert.match(error.message, /CCPULSE_WINDOW_TIMEOUT_SECONDS '0' must be more than 0 seconds/);
  assert.match(error.message, /CCPULSE_MAX_RESPONSE_MB '4096' must be at most 1024 MiB/);
});
