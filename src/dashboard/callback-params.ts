// The edge check of a vendor callback before any of it is trusted: size, each parameter at most
// once, and the character sets OAuth allows (RFC 6749 §A). Failures are fixed sentences — nothing
// from the request is echoed back into the page.
import { z } from 'zod';

/** Far above any real callback (a code plus a state is well under 1 KB). */
const MAX_CALLBACK_QUERY = 4096;

const visibleAscii = /^[\x21-\x7e]+$/;
const params = z.object({
  code: z.string().min(1).max(1024).regex(visibleAscii).optional(),
  state: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  iss: z.url().max(512).optional(),
  // RFC 6749: error is %x20-21 / %x23-5B / %x5D-7E.
  error: z
    .string()
    .max(64)
    .regex(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/)
    .optional(),
  error_description: z.string().max(1024).optional(),
});

type CallbackParams = z.infer<typeof params>;

const SINGLE = ['code', 'state', 'iss', 'error', 'error_description'] as const;

export function checkCallbackParams(url: URL): { ok: true; params: CallbackParams } | { ok: false; reason: string } {
  if (url.search.length > MAX_CALLBACK_QUERY) return { ok: false, reason: 'The sign-in response is far too long.' };
  const search = url.searchParams;
  if (SINGLE.some((name) => search.getAll(name).length > 1))
    return { ok: false, reason: 'The sign-in response repeats a parameter.' };
  if (!search.has('state'))
    return { ok: false, reason: 'The sign-in response has no state, so it cannot be matched to a sign-in.' };
  const parsed = params.safeParse(
    Object.fromEntries(SINGLE.flatMap((n) => (search.has(n) ? [[n, search.get(n)]] : []))),
  );
  if (!parsed.success) return { ok: false, reason: 'The sign-in response is malformed.' };
  const { code, error } = parsed.data;
  if ((code === undefined) === (error === undefined))
    return { ok: false, reason: 'The sign-in response must carry either a code or an error.' };
  return { ok: true, params: parsed.data };
}
