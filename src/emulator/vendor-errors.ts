// Error bodies as each vendor sends them, so clients are tested against the real shapes.
import { randomUUID } from 'node:crypto';

export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: unknown[];
  errors: unknown[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
}

/** Genesys API error `{message, code, status, contextId, details, errors}`; contextId equals the inin-correlation-id header. */
export function genesysError(
  status: number,
  code: string,
  message: string,
  contextId: string = randomUUID(),
): GenesysErrorBody {
  return { message, code, status, contextId, details: [], errors: [] };
}

/** CXone API error body (classic REST API). */
export function cxoneError(status: number, error: string, description: string) {
  return { error, error_description: description, status };
}
