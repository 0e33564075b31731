// Reading ahead by one item: while the caller works on an item (writes a page), the next one is
// already being fetched, so fetch and write overlap instead of taking turns.

const noop = () => undefined;

/**
 * Yields the items of `source` in order, asking for the next before handing out the current one.
 * With `underWay`, the current one is held until the next is being worked on elsewhere (it resolves)
 * or has come: a caller that then blocks the thread (a database write) blocks nothing the next needs.
 */
export async function* prefetched<T>(source: AsyncIterable<T>, underWay?: () => Promise<void>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const current = await pending;
      if (current.done) return;
      pending = iterator.next();
      // A fetch that fails while the caller still works is reported at the next step, not unhandled.
      pending.catch(() => undefined);
      if (underWay) await Promise.race([underWay(), pending.then(noop, noop)]);
      yield current.value;
    }
  } finally {
    // The caller stopped early (or failed): let the source clean up once its fetch in flight settles.
    await pending.then(
      (r) => (r.done ? undefined : iterator.return?.()),
      () => undefined,
    );
  }
}
