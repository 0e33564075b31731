// Which client sent a request, for per-client limits. The socket's peer address, or — only when the
// dashboard is told it sits behind a reverse proxy — the address that proxy appended last to
// X-Forwarded-For (the entries before it are whatever the client chose to send).
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}
