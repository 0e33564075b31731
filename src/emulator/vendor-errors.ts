// Errors as each vendor sends them, so clients are tested against the real shapes: Genesys in a JSON
// body; CXone's classic reporting API in the HTTP status line and the `icStatusDescription` header, with
// no JSON body; CXone's OAuth/OIDC and Data Extraction endpoints in JSON.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatedVendor } from './emulator-context.js';

interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: unknown[];
  errors: unknown[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
}

/**
 * Genesys API error `{message, code, status, messageParams, contextId, details, errors}` (the SDK's
 * ErrorBody); contextId equals the inin-correlation-id header. `messageWithParams` only where a message
 * has parameters (see requirePermission).
 */
export function genesysError(
  status: number,
  code: string,
  message: string,
  contextId: string = randomUUID(),
): GenesysErrorBody {
  return { message, code, status, contextId, messageParams: {}, details: [], errors: [] };
}

/** CXone API error body (classic REST API). */
export function cxoneError(status: number, error: string, description: string) {
  return { error, error_description: description, status };
}

/** CXone's classic API: `/inContactAPI/...` on the tenant's API host. */
const isCxoneClassicApi = (c: Context) => new URL(c.req.url).pathname.startsWith('/inContactAPI/');

/**
 * A CXone classic API error: the text as the HTTP reason phrase and in `icStatusDescription`, no body.
 * (Node writes the reason phrase the emulator's server response carries; printable ASCII only.)
 */
function cxoneStatusError(c: Context, status: ContentfulStatusCode, description: string): Response {
  const text = description.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing) outgoing.statusMessage = text;
  // c.body keeps headers set earlier on the context (Retry-After on a 429).
  return c.body(null, status, { icStatusDescription: text });
}

/** The vendor's error for `c`'s API: Genesys JSON, CXone classic status line, other CXone APIs JSON. */
export function vendorError(
  c: Context,
  vendor: EmulatedVendor,
  status: ContentfulStatusCode,
  code: string,
  message: string,
): Response {
  if (vendor === 'genesys') return c.json(genesysError(status, code, message), status);
  if (isCxoneClassicApi(c)) return cxoneStatusError(c, status, message);
  return c.json(cxoneError(status, code, message), status);
}
