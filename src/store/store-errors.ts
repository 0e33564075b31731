// Failures of the store a user can act on. Messages name the database, never its password.
import { CcpulseError } from '../core/index.js';

export class StoreConnectError extends CcpulseError {
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      'STORE_CONNECT',
      `cannot open the database at ${where}`,
      'Check DATABASE_URL (host, port, database, user) or, for SQLite, that the data folder is writable.',
      options,
    );
  }
}

class StoreNotWritableError extends CcpulseError {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(
      'STORE_NOT_WRITABLE',
      `cannot write the SQLite database ${path} (${detail})`,
      `Make its folder and the file writable by the user running ccpulse (check with ls -ld), or set CCPULSE_DATA_DIR to a writable folder.`,
      options,
    );
  }
}

class StoreDamagedError extends CcpulseError {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(
      'STORE_DAMAGED',
      `${path} is not a usable SQLite database (${detail}); nothing was written to it`,
      `Restore it from a backup, or move it aside (mv ${path} ${path}.broken) and run again: ccpulse creates a new database and syncs from the start (--from, or 3 days back).`,
      options,
    );
  }
}

/** What an open or a first write of a SQLite file failed on, as an error that says what to do. */
export function sqliteOpenError(path: string, cause: unknown): CcpulseError {
  const code = String((cause as { code?: unknown }).code ?? '');
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/^(EACCES|EPERM|EROFS|SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_PERM|SQLITE_AUTH)/.test(code))
    return new StoreNotWritableError(path, message, { cause });
  if (/^(SQLITE_NOTADB|SQLITE_CORRUPT)/.test(code)) return new StoreDamagedError(path, message, { cause });
  if (code === 'ENOTDIR' || code === 'EISDIR')
    return new StoreNotWritableError(path, `a part of the path is not a folder: ${message}`, { cause });
  return new StoreConnectError(path, { cause });
}

/**
 * PostgreSQL's SQLSTATEs for what a role may not do: a missing privilege (42501), and no schema of
 * the search_path it may use, so none to create in (3F000).
 */
const DENIED = new Set(['42501', '3F000']);

/** Whether PostgreSQL refused `error` (or the error it wraps) for what the role may not do. */
export function isPostgresDenied(error: unknown): boolean {
  const codeOf = (e: unknown) => String((e as { code?: unknown } | undefined)?.code);
  return DENIED.has(codeOf(error)) || DENIED.has(codeOf((error as { cause?: unknown } | undefined)?.cause));
}

/** A role that may not create, read or write ccpulse's tables: the doctor lists the grants it lacks. */
export class StorePermissionError extends CcpulseError {
  constructor(where: string, cause: unknown) {
    const denied = cause as { message?: unknown; cause?: { message?: unknown } };
    super(
      'STORE_NOT_WRITABLE',
      `the database role of ${where} may not use ccpulse's tables there (${String(denied.cause?.message ?? denied.message)})`,
      "Run `ccpulse doctor` — it lists the GRANT statements the role lacks — and run them as the schema's owner or a superuser, or use a role that owns the schema.",
      { cause },
    );
  }
}

export class StoreWriteError extends CcpulseError {
  constructor(table: string, options?: { cause?: unknown }) {
    super(
      'STORE_WRITE',
      `writing ${table} failed; the whole batch and its checkpoint were rolled back`,
      'A record broke a database constraint (often a time that did not parse, NaN); the cause says which. Nothing was half-written: fix the mapping and re-run the sync.',
      options,
    );
  }
}

/** A batch rolled back because the batch it was written after (Batch.after) failed. */
class EarlierBatchFailedError extends CcpulseError {
  constructor(options: { cause: unknown }) {
    super(
      'STORE_WRITE',
      'a batch was rolled back because the batch before it failed to commit',
      "The earlier batch's error (the cause) says why; both are read again on the sync's next run.",
      options,
    );
  }
}

/**
 * Watches the write a batch comes after (Batch.after) from now on, so its failure is never left
 * unhandled; the function returned waits for it and throws when it failed (this batch rolls back).
 */
export function committedBefore(after: Promise<unknown> | undefined): () => Promise<void> {
  const outcome = after?.then(
    () => undefined,
    (cause: unknown) => ({ cause }),
  );
  return async () => {
    const failed = await outcome;
    if (failed) throw new EarlierBatchFailedError(failed);
  };
}

export class MigrationError extends CcpulseError {
  constructor(version: number, name: string, options?: { cause?: unknown }) {
    super(
      'STORE_MIGRATION',
      `database migration ${version} (${name}) failed and was rolled back`,
      'The database may have been changed by hand or by a newer ccpulse; restore it or point ccpulse at an empty database.',
      options,
    );
  }
}

export class SchemaTooNewError extends CcpulseError {
  constructor(where: string, unknown: readonly { version: number; name: string }[], known: number) {
    const versions = unknown.map((m) => `${m.version} (${m.name})`).join(', ');
    super(
      'STORE_SCHEMA_TOO_NEW',
      `the database at ${where} has schema version ${versions}, newer than this ccpulse knows (versions 1 to ${known}); nothing was written`,
      'A newer ccpulse has used this database: upgrade this one (npm i -g ccpulse@latest, or the image/package you deploy) to that version or later, or point it at another database (CCPULSE_DATA_DIR, DATABASE_URL).',
    );
  }
}

/** `postgres://user:secret@host/db` -> `postgres://user@host/db`: URLs may carry a password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL (not a valid URL)';
  }
}

export class UnknownRelationError extends CcpulseError {
  constructor(name: string, known: readonly string[]) {
    super(
      'STORE_UNKNOWN_RELATION',
      `there is no table or view named '${name}'`,
      `Use one of: ${known.join(', ')} (docs/schema.md describes each).`,
    );
  }
}
