// Page-by-page iteration over Genesys's two paging styles (CXone's lives in vendors/cxone). Each
// yields one page at a time so callers write as they read and memory stays flat however long the listing is.
import { z } from 'zod';
import type { ApiClient } from './api-client.js';
import { ResponseShapeError } from './api-errors.js';
import { overfullDetail } from './decode-body.js';

/**
 * Genesys list endpoints: `{entities, pageSize, pageNumber, total, pageCount, nextUri}`. `entities` is
 * always there (`[]` when nothing matched), so an answer without it — `200 {}`, `204` — is not a list
 * and fails loudly rather than reading as an org without queues or users.
 */
const genesysListing = z.object({
  entities: z.array(z.unknown()),
  pageNumber: z.number().optional(),
  pageCount: z.number().optional(),
  nextUri: z.string().nullish(),
});

export async function* genesysListPages<T>(
  client: ApiClient,
  path: string,
  item: z.ZodType<T>,
  options: {
    pageSize?: number;
    query?: Record<string, string | number | boolean | undefined>;
    signal?: AbortSignal;
  } = {},
): AsyncGenerator<T[]> {
  // Items are checked after the page's length: a page of 300,000 is refused before validating any.
  const items = z.array(item);
  const pageSize = options.pageSize ?? 100;
  let pageNumber = 1;
  for (;;) {
    const { data } = await client.request({
      method: 'GET',
      path,
      query: { ...options.query, pageSize, pageNumber },
      schema: genesysListing,
      signal: options.signal,
    });
    if (data.entities.length > pageSize) throw overfullPage('GET', path, data.entities.length, pageSize);
    const parsed = items.safeParse(data.entities);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ResponseShapeError('GET', path, `entities.${issue?.path.join('.')}: ${issue?.message ?? 'invalid'}`);
    }
    yield parsed.data;
    const more = data.nextUri ? true : data.pageCount !== undefined && pageNumber < data.pageCount;
    if (!more || data.entities.length === 0) return;
    pageNumber++;
  }
}

/** A page longer than asked for is not the vendor's paging (a proxy, or a different API answering). */
function overfullPage(method: string, path: string, n: number, pageSize: number): ResponseShapeError {
  return new ResponseShapeError(method, path, overfullDetail(n, pageSize));
}
