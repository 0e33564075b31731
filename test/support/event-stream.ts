// Reads a Server-Sent Events body (the dashboard's /api/dashboard/events) as a browser's EventSource
// would, for the tests and the dashboard bench: each event's name and data, as soon as it is complete.

/** Calls `onEvent` with each event's name and joined data lines; resolves when the stream ends or is aborted. */
export async function readEvents(
  body: NonNullable<Response['body']>,
  onEvent: (event: string | undefined, data: string) => void,
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        onEvent(/^event: (.*)$/m.exec(block)?.[1], data);
      }
    }
  } catch {
    // Aborted: the caller closed the stream.
  }
}
