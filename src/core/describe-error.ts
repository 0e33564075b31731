// Errors as one short line for logs and messages: the error's own name and message, or for a failed
// request the network cause (ECONNREFUSED, ENOTFOUND, a timeout) that says what went wrong.

/** `Name: message` of an error, or the value itself. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Why a request got no answer: `timed out`, `ECONNREFUSED: …`, or the error's message. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
    return error.message;
  }
  return String(error);
}
