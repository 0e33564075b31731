// How CXone's classic reporting API answers a read: a JSON object with a named array, paged by
// `_links.next` (a full URL on the API host); and when nothing matched, `204 No Content` with no body
// — the empty result, which also ends the paging (public clients stop there: singer tap-nice-incontact
// client.py and its contacts stream, NICE's own test harness). A 200 always carries its array.
import { z } from 'zod';
import type { ApiClient } from '../../http/index.js';

type Query = Record<string, string | number | boolean | undefined>;

/** One GET; undefined when CXone answered without a body (204: nothing matched). */
export async function cxoneGet<T>(
  client: ApiClient,
  path: string,
  schema: z.ZodType<T>,
  options: { query?: Query; signal?: AbortSignal } = {},
): Promise<T | undefined> {
  const { data } = await client.request<T | undefined>({
    method: 'GET',
    path,
    query: options.query,
    schema,
    onEmpty: () => undefined,
    signal: options.signal,
  });
  return data;
}

const linked = z.object({ _links: z.object({ next: z.string().nullish() }).partial().optional() }).passthrough();

/** Every page of a `_links.next`-paged report; a 204 yields nothing and ends it. */
export async function* cxonePages<T>(
  client: ApiClient,
  path: string,
  schema: z.ZodType<T>,
  options: { query?: Query; signal?: AbortSignal } = {},
): AsyncGenerator<T> {
  let next: string | undefined = path;
  let query = options.query;
  while (next) {
    const page: T | undefined = await cxoneGet(client, next, schema, { query, signal: options.signal });
    if (page === undefined) return;
    yield page;
    next = linked.parse(page)._links?.next ?? undefined;
    query = undefined;
  }
}
