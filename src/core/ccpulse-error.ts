// The base of every error a user can act on: a stable code, a message that says what happened,
// and a hint that says what to fix. Messages never carry secrets or tokens.

export class CcpulseError extends Error {
  readonly code: string;
  readonly hint: string;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** One block a CLI can print: what happened, then how to fix it. */
  describe(): string {
    return `${this.message}\n  fix: ${this.hint}`;
  }
}
