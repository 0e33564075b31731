// A wrapper that keeps secrets and tokens out of every string that could be logged or printed.
// Only `reveal()` yields the value; every implicit conversion yields a redacted form.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for the one place that must send it on the wire. */
  reveal(): string {
    return this.#value;
  }

  /** A short prefix fit for a human to recognise which secret this is, never enough to use it. */
  hint(): string {
    return redactToken(this.#value);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/** `abcd…(40 chars)`: at most 4 characters of the value, so a printed prefix can never be replayed. */
export function redactToken(value: string): string {
  if (value.length <= 8) return `…(${value.length} chars)`;
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

/**
 * `text` with the user-info of every URL in it (`https://user:password@host`) replaced: a password in
 * a URL is a secret wherever the URL turns up — an error message, a log line, a printed config.
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"]+@/gi, `$1${REDACTED}@`);
}
