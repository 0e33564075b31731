// AES-256-GCM for tokens at rest. The key comes from CCPULSE_TOKEN_KEY or a key file created once
// in the data folder with mode 0600.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CcpulseError, type Secret } from '../core/index.js';

export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export function seal(key: Buffer, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function unseal(key: Buffer, sealed: Sealed): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}

export class TokenKeyError extends CcpulseError {
  constructor(detail: string) {
    super(
      'TOKEN_KEY_INVALID',
      `The token encryption key cannot be used (${detail})`,
      'Set CCPULSE_TOKEN_KEY to 64 hex characters, or delete the key file and the token file to start fresh (you will need to log in again).',
    );
  }
}

/** The configured key, or the one in `keyFile` (created with mode 0600 when missing). */
export function loadTokenKey(configured: Secret | undefined, keyFile: string): Buffer {
  if (configured) return Buffer.from(configured.reveal(), 'hex');
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(keyFile, 0o600);
  const hex = readFileSync(keyFile, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new TokenKeyError(`${keyFile} does not hold 64 hex characters`);
  return Buffer.from(hex, 'hex');
}
