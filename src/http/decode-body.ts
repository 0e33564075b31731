// A response body to data: its JSON text parsed and held to a schema. What is wrong with it is returned,
// not thrown, so the same judgement can run on another thread (the sync's decode worker) while the
// client still raises its own errors, naming the request.
import type { ZodType } from 'zod';
// The module, not core's index: the sync's decode worker loads this, and the index brings the logger.
import { describeNetworkError } from '../core/describe-error.js';

/** The data, or why the body is not it: not JSON at all (worth a retry), or JSON of another shape. */
export type Decoded<T> = { ok: true; data: T } | { ok: false; notJson: string } | { ok: false; invalid: string };

export function decodeJsonBody<T>(body: Uint8Array, schema?: ZodType<T>): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, notJson: describeNetworkError(error) };
  }
  if (!schema) return { ok: true, data: json as T };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, invalid: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}

/** What is wrong with a page of more records than were asked for. */
export function overfullDetail(n: number, pageSize: number): string {
  return `${n} records on a page of at most ${pageSize}`;
}
