// Page-by-page iteration over Genesys's two paging styles (CXone's lives in vendors/cxone). Each
// yields one page at a time so callers write as they read and memory stays flat however long the listing is.
import { z } from 'zod';
import type { ApiClient } from './api-client.js';

const genesysListing = z.object({
  entities: z.array(z.unknown()).default([]),
  pageNumber: z.number().optional(),
  pageCount: z.number().optional(),
  nextUri: z.string().nullish(),
});

/** Genesys list endpoints: `{entities, pageSize, pageNumber, total, pageCount, nextUri}`. */
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
  let pageNumber = 1;
  for (;;) {
    const { data } = await client.request({
      method: 'GET',
      path,
      query: { ...options.query, pageSize: options.pageSize ?? 100, pageNumber },
      schema: genesysListing,
      signal: options.signal,
    });
    yield data.entities.map((e) => item.parse(e));
    const more = data.nextUri ? true : data.pageCount !== undefined && pageNumber < data.pageCount;
    if (!more || data.entities.length === 0) return;
    pageNumber++;
  }
}

const cursorPage = z.object({ cursor: z.string().nullish() }).passthrough();

/** Cursor paging (Genesys async job results): the last page has no cursor. */
export async function* cursorPages<T>(
  client: ApiClient,
  path: string,
  schema: z.ZodType<T>,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (;;) {
    const { data }: { data: T } = await client.request({
      method: 'GET',
      path,
      query: { pageSize: options.pageSize, cursor },
      schema,
      signal: options.signal,
    });
    yield data;
    const next = cursorPage.parse(data).cursor;
    if (!next) return;
    cursor = next;
  }
}
