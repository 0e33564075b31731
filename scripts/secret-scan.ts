// What the test run must never print: the emulator's seeded client secrets and access-key secrets
// (seeds 1-20, the ones tests use), anything shaped like a JWT, a bearer header or a token field with
// its value, and the dashboard's session and pending-login ids (the cookie values that open a session
// or finish a sign-in; they carry the `ccps_`/`ccpl_` prefix for exactly this).
import { createSeedOrg } from '../src/emulator/seed-org.js';

function seededSecrets(): Map<string, string> {
  const secrets = new Map<string, string>();
  for (let seed = 1; seed <= 20; seed++) {
    const org = createSeedOrg({ seed });
    for (const c of [...org.genesys.clients, ...org.cxone.clients])
      secrets.set(c.secret, `${c.vendor} ${c.key} client secret (seed ${seed})`);
    for (const k of org.cxone.accessKeys) secrets.set(k.secret, `CXone access key secret (seed ${seed})`);
  }
  return secrets;
}

const PATTERNS: [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, 'a JWT'],
  [/Bearer\s+[A-Za-z0-9._~+/-]{20,}/g, 'a bearer Authorization value'],
  [/(access|refresh)_token["']?\s*[:=]\s*["'][A-Za-z0-9._~+/-]{16,}/g, 'a token field with its value'],
  [/ccps_[A-Za-z0-9_-]{43}/g, 'a dashboard session id (session cookie value)'],
  [/ccpl_[A-Za-z0-9_-]{43}/g, 'a dashboard pending-login id (login cookie value)'],
];

let secrets: Map<string, string> | undefined;

/** Every secret or token found in `text`, described without printing it whole. */
export function findLeaks(text: string): string[] {
  secrets ??= seededSecrets();
  const found: string[] = [];
  for (const [secret, what] of secrets) if (text.includes(secret)) found.push(what);
  for (const [pattern, what] of PATTERNS) {
    for (const match of text.matchAll(pattern))
      found.push(`${what}: ${match[0].slice(0, 8)}… at offset ${match.index}`);
  }
  return found;
}
