// Reading ahead by one item: while the caller works on an item (writes a page), the next one is
// already being fetched, so fetch and write overlap instead of taking turns.

/** Yields the items of `source` in order, asking for the next before handing out the current one. */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const current = await pending;
      if (current.done) return;
      pending = iterator.next();
      // A fetch that fails while the caller still works is reported at the next step, not unhandled.
      pending.catch(() => undefined);
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
