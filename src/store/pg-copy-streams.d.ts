// pg-copy-streams ships no types: the one function the PostgreSQL sink uses.
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** `COPY ... FROM STDIN` as a writable stream, submitted with `client.query(from(sql))`. */
  export function from(sql: string): Writable & Submittable;
}
