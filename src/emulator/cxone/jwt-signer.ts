// RS256 JWTs for the CXone emulator (CXone access tokens are JWTs carrying the tenant id), with the
// public key published as a JWKS so a client can verify them like real ones.
import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';

interface JwtSigner {
  sign(claims: Record<string, unknown>): string;
  jwks(): { keys: object[] };
}

export function createJwtSigner(): JwtSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    sign(claims) {
      const header = encode({ alg: 'RS256', typ: 'JWT', kid });
      const payload = encode(claims);
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    jwks: () => ({ keys: [{ ...publicJwk(publicKey), kid, use: 'sig', alg: 'RS256' }] }),
  };
}

function publicJwk(key: KeyObject): object {
  return key.export({ format: 'jwk' });
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
