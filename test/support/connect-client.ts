// An API client for tests, wired by connectOrg as the product wires one: the daemon's token and
// budget unless `tokens` (a signed-in user's) is given.
import type { TokenManager } from '../../src/auth/index.js';
import type { OrgConfig } from '../../src/config/index.js';
import { connectOrg, createRuntime } from '../../src/connect/index.js';
import type { Clock } from '../../src/core/index.js';
import type { ApiClient } from '../../src/http/index.js';

export async function clientFor(
  org: OrgConfig,
  options: { clock?: Clock; tokens?: TokenManager } = {},
): Promise<ApiClient> {
  return (await connectOrg(org, createRuntime({ clock: options.clock }), { tokens: options.tokens })).client;
}
