// The base of every error a user can act on: a stable code (with its kind), a message that says what
// happened, and a hint that says what to fix. Messages never carry secrets or tokens.
import { ERROR_CODES, type ErrorCode, type ErrorKind } from './error-codes.js';

export class CcpulseError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** What kind of failure this is: config, permission, vendor or transient. */
  get kind(): ErrorKind {
    return ERROR_CODES[this.code];
  }

  /** One block a CLI can print: what happened, then how to fix it. */
  describe(): string {
    return `${this.message}\n  fix: ${this.hint}`;
  }
}
