// Token sets in one file, encrypted with AES-256-GCM and readable by the owner only (0600). Writes
// go to a temporary file renamed over the old one, so a crash never leaves half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Sealed, seal, TokenKeyError, unseal } from './token-encryption.js';
import { type TokenSetJson, tokenSetFromJson, tokenSetToJson } from './token-set.js';
import type { StoredToken, TokenStore } from './token-store.js';

type SerializedToken = TokenSetJson & { refreshAt: number };

export class FileTokenStore implements TokenStore {
  readonly #path: string;
  readonly #key: Buffer;
  #entries: Map<string, StoredToken> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string, key: Buffer) {
    if (key.length !== 32) throw new TokenKeyError('it must be 32 bytes');
    this.#path = path;
    this.#key = key;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    return this.#load().get(key);
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.#load().set(key, token);
    await this.#persist();
  }

  async delete(key: string): Promise<void> {
    if (this.#load().delete(key)) await this.#persist();
  }

  #load(): Map<string, StoredToken> {
    if (this.#entries) return this.#entries;
    const entries = new Map<string, StoredToken>();
    if (existsSync(this.#path)) {
      let plain: string;
      try {
        plain = unseal(this.#key, JSON.parse(readFileSync(this.#path, 'utf8')) as Sealed);
      } catch {
        throw new TokenKeyError(`${this.#path} cannot be decrypted with this key`);
      }
      for (const [k, v] of Object.entries(JSON.parse(plain) as Record<string, SerializedToken>)) {
        entries.set(k, { ...tokenSetFromJson(v), refreshAt: v.refreshAt });
      }
    }
    this.#entries = entries;
    return entries;
  }

  /** Serialised through one chain so concurrent sets never interleave their renames. */
  #persist(): Promise<void> {
    const write = this.#writing.then(() => {
      const doc: Record<string, SerializedToken> = {};
      for (const [k, t] of this.#load()) {
        doc[k] = { ...tokenSetToJson(t), refreshAt: t.refreshAt };
      }
      mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
      const tmp = `${this.#path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(seal(this.#key, JSON.stringify(doc))), { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.#path);
    });
    this.#writing = write.catch(() => undefined);
    return write;
  }
}
