// Authenticates an API request's bearer token and works out what its holder may see: the client's
// roles for client credentials, the user's permissions narrowed by the granted scopes for user tokens.
import type { EmulatedVendor, EmulatorContext, IssuedToken, Principal } from './emulator-context.js';
import { cxoneError, genesysError } from './vendor-errors.js';

type BearerResult = { ok: true; principal: Principal } | { ok: false; status: 401; body: object };

/** Genesys scope -> the permission domains it admits for user tokens. */
const GENESYS_SCOPE_DOMAINS: Record<string, string> = {
  analytics: 'analytics',
  'analytics:readonly': 'analytics',
  routing: 'routing',
  'routing:readonly': 'routing',
  users: 'directory',
  'users:readonly': 'directory',
};

export function authenticateBearer(
  ctx: EmulatorContext,
  vendor: EmulatedVendor,
  authorization: string | undefined,
): BearerResult {
  const fail = (code: string, message: string): BearerResult => ({
    ok: false,
    status: 401,
    body: vendor === 'genesys' ? genesysError(401, code, message) : cxoneError(401, 'invalid_token', message),
  });
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1])
    return fail('authentication.required', 'No authentication bearer token specified in authorization header.');
  const token = ctx.tokens.get(match[1]);
  if (!token || token.vendor !== vendor) return fail('bad.credentials', 'Invalid login credentials.');
  if (token.revoked) return fail('bad.credentials', 'Invalid login credentials.');
  if (ctx.clock.now() >= token.expiresAt) return fail('bad.credentials', 'Invalid login credentials.');
  return { ok: true, principal: principalOf(ctx, token) };
}

function principalOf(ctx: EmulatorContext, token: IssuedToken): Principal {
  const allQueues = ctx.org.queues.map((q) => q.id);
  if (!token.user) {
    return {
      vendor: token.vendor,
      token,
      permissions: new Set(token.client.permissions),
      visibleQueueIds: new Set(allQueues),
    };
  }
  const user = token.user;
  let permissions: string[];
  if (token.vendor === 'genesys' && token.grant !== 'password') {
    const domains = new Set(token.scopes.map((s) => GENESYS_SCOPE_DOMAINS[s]).filter(Boolean));
    permissions = user.genesysPermissions.filter((p) => domains.has(p.split(':')[0] ?? ''));
  } else {
    permissions = token.vendor === 'genesys' ? user.genesysPermissions : user.cxonePermissions;
  }
  return { vendor: token.vendor, token, permissions: new Set(permissions), visibleQueueIds: new Set(user.queueIds) };
}

/** The vendor's 403 body when `permission` is missing, else undefined. */
export function requirePermission(principal: Principal, permission: string): object | undefined {
  if (principal.permissions.has(permission)) return undefined;
  if (principal.vendor === 'genesys') {
    const message = `Unable to perform the requested action. You are missing the following permission(s): [${permission}]`;
    return {
      ...genesysError(403, 'missing.permissions', message),
      messageWithParams:
        'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
      messageParams: { permissions: `[${permission}]` },
    };
  }
  return cxoneError(403, 'Forbidden', `The security profile does not grant the permission ${permission}`);
}
