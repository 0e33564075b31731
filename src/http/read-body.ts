// Reads a response body with a ceiling on its size: bytes are counted as they arrive, after
// decompression (fetch inflates gzip/deflate/br on the way), and the stream is cancelled the moment
// the count passes the cap — so a 50 MB answer or a gzip bomb costs at most the cap in memory.
// The time bound is the fetch's signal, which aborts the body stream as it does the headers.

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** The whole body, or BodyTooLargeError once more than `maxBytes` arrived (the rest is never read). */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Up to `maxBytes` of an error answer's text (enough for a vendor's message); the rest is dropped. */
export async function readBodyPrefix(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, size).subarray(0, maxBytes).toString('utf8');
}
