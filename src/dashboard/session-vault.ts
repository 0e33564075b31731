// Sessions and pending logins in the server-side store. Every record is sealed with AES-256-GCM
// (tokens and PKCE verifiers are encrypted at rest) and filed under a hash of its id, so a copy of
// the store yields neither tokens nor a cookie value that would open a session.
import { createHash, randomBytes } from 'node:crypto';
import {
  type LoginState,
  type Sealed,
  seal,
  type TokenSet,
  type TokenSetJson,
  tokenSetFromJson,
  tokenSetToJson,
  unseal,
} from '../auth/index.js';
import type { Vendor } from '../config/index.js';
import type { Clock } from '../core/index.js';
import type { SessionStore } from './session-store.js';

export interface SessionUser {
  id: string;
  name: string;
}

/** A signed-in supervisor. Lives on the server; the browser holds only `id` in an HttpOnly cookie. */
export interface Session {
  id: string;
  vendor: Vendor;
  /** The configured org's name (`OrgConfig.name`). */
  org: string;
  user: SessionUser;
  /** Synchronizer token every state-changing form must echo. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  tokens: TokenSet;
}

/** What a login remembers between the redirect to the vendor and the callback. One-time. */
export interface PendingLogin {
  loginState: LoginState;
  org: string;
  returnTo: string;
}

interface SessionVaultOptions {
  store: SessionStore;
  /** 32-byte AES-256-GCM key. */
  key: Buffer;
  clock: Clock;
  /** A session unused this long ends (default 30 min; the page's auto-refresh keeps an open tab alive). */
  idleTimeoutMs?: number;
  /** A session ends this long after sign-in whatever happens (default 12 h: a working day). */
  absoluteTimeoutMs?: number;
  /** A login not completed within this long is forgotten (default 10 min). */
  loginTimeoutMs?: number;
  /**
   * Pending logins this process keeps at most (default 10,000, about 20 MB): past it the oldest is
   * dropped, so a flood of started sign-ins cannot grow the store (memory or Redis) without bound.
   */
  maxPendingLogins?: number;
}

export interface SessionVault {
  readonly loginTimeoutMs: number;
  createSession(fields: Omit<Session, 'id' | 'csrfToken' | 'createdAt' | 'lastSeenAt'>): Promise<Session>;
  /** The live session for a cookie value, its idle timer renewed; undefined when unknown, expired or malformed. */
  loadSession(id: string): Promise<Session | undefined>;
  /** Replaces the session's tokens (after a refresh: the rotated refresh token must be stored before use). */
  saveTokens(id: string, tokens: TokenSet): Promise<void>;
  destroySession(id: string): Promise<void>;
  /** Runs `body` while no other process sharing the store runs one for this session (its token refresh). */
  withSessionLock<T>(id: string, body: () => Promise<T>): Promise<T>;
  /** Stores a pending login and returns the id for the login cookie. */
  savePendingLogin(pending: PendingLogin): Promise<string>;
  /** The pending login for a cookie value, removed in the same step. */
  takePendingLogin(id: string): Promise<PendingLogin | undefined>;
}

/**
 * 32 random bytes, base64url, after a prefix that names the kind: a session id (the session cookie's
 * value) starts `ccps_`, a pending login's `ccpl_`, so a secret scanner recognises either anywhere it
 * turns up (scripts/secret-scan.ts fails the test run on one; GitHub's custom patterns can do the same).
 */
const SESSION_ID_PREFIX = 'ccps_';
const LOGIN_ID_PREFIX = 'ccpl_';
const ID_PATTERN = { session: /^ccps_[A-Za-z0-9_-]{43}$/, login: /^ccpl_[A-Za-z0-9_-]{43}$/ };
const randomToken = () => randomBytes(32).toString('base64url');
const newId = (kind: 'session' | 'login') =>
  `${kind === 'session' ? SESSION_ID_PREFIX : LOGIN_ID_PREFIX}${randomToken()}`;
const storeKey = (kind: 'session' | 'login', id: string) =>
  `${kind}:${createHash('sha256').update(id).digest('base64url')}`;

/**
 * The name a session is filed under in the store (a hash of its id). Safe to log and to key caches
 * by: it cannot be turned back into the cookie value that opens the session.
 */
export const sessionStoreKey = (id: string) => storeKey('session', id);

type StoredSession = Omit<Session, 'id' | 'tokens'> & { tokens: TokenSetJson };

/** Session records kept opened at most (about the sessions one process serves). */
const MAX_OPENED = 10_000;

export function createSessionVault(options: SessionVaultOptions): SessionVault {
  const { store, key, clock } = options;
  if (key.length !== 32) throw new RangeError('the session key must be 32 bytes (AES-256-GCM)');
  const idleMs = options.idleTimeoutMs ?? 30 * 60_000;
  const absoluteMs = options.absoluteTimeoutMs ?? 12 * 3600_000;
  const loginTimeoutMs = options.loginTimeoutMs ?? 10 * 60_000;
  const maxPendingLogins = options.maxPendingLogins ?? 10_000;
  // The pending logins this process stored, oldest first, with their expiry: what the cap counts.
  const pendingLogins = new Map<string, number>();
  const makeRoomForLogin = async () => {
    const now = clock.now();
    for (const [k, expiresAt] of pendingLogins) {
      if (expiresAt > now && pendingLogins.size < maxPendingLogins) break;
      pendingLogins.delete(k);
      if (expiresAt > now) await store.delete(k);
    }
  };

  const write = (k: string, value: unknown, expiresAt: number) =>
    store.set(k, JSON.stringify(seal(key, JSON.stringify(value))), expiresAt);
  const read = <T>(raw: string | undefined): T | undefined => {
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(unseal(key, JSON.parse(raw) as Sealed)) as T;
    } catch {
      // Sealed under another key (rotated) or damaged: as good as absent.
      return undefined;
    }
  };
  // The session records this process opened last, by the sealed text they were read from: a page
  // read is one store read, and the decryption and two parses only when the record changed (a token
  // refresh, a renewed idle timer — here or in another process sharing the store). Treated as frozen.
  const opened = new Map<string, { raw: string; stored: StoredSession }>();
  const readSession = (k: string, raw: string | undefined): StoredSession | undefined => {
    if (raw === undefined) return undefined;
    const known = opened.get(k);
    if (known?.raw === raw) return known.stored;
    const stored = read<StoredSession>(raw);
    opened.delete(k);
    if (!stored) return undefined;
    if (opened.size >= MAX_OPENED) opened.delete(opened.keys().next().value as string);
    opened.set(k, { raw, stored });
    return stored;
  };
  const expiry = (s: Pick<Session, 'createdAt' | 'lastSeenAt'>) =>
    Math.min(s.createdAt + absoluteMs, s.lastSeenAt + idleMs);
  const persist = (id: string, s: Omit<Session, 'id'>) => {
    const stored: StoredSession = { ...s, tokens: tokenSetToJson(s.tokens) };
    return write(storeKey('session', id), stored, expiry(s));
  };

  return {
    loginTimeoutMs,
    async createSession(fields) {
      const now = clock.now();
      const session: Session = {
        ...fields,
        id: newId('session'),
        csrfToken: randomToken(),
        createdAt: now,
        lastSeenAt: now,
      };
      await persist(session.id, session);
      return session;
    },
    async loadSession(id) {
      if (!ID_PATTERN.session.test(id)) return undefined;
      const k = storeKey('session', id);
      const stored = readSession(k, await store.get(k));
      if (!stored) return undefined;
      const now = clock.now();
      const session: Session = { ...stored, id, tokens: tokenSetFromJson(stored.tokens) };
      if (expiry(session) <= now) {
        opened.delete(k);
        await store.delete(k);
        return undefined;
      }
      // Renew the idle timer at most once a minute: auto-refresh polls must not write on every request.
      if (now - session.lastSeenAt >= 60_000) {
        session.lastSeenAt = now;
        await persist(id, session);
      }
      return session;
    },
    async saveTokens(id, tokens) {
      if (!ID_PATTERN.session.test(id)) return;
      const stored = read<StoredSession>(await store.get(storeKey('session', id)));
      if (!stored) return;
      await persist(id, { ...stored, tokens });
    },
    async destroySession(id) {
      if (!ID_PATTERN.session.test(id)) return;
      opened.delete(storeKey('session', id));
      await store.delete(storeKey('session', id));
    },
    withSessionLock: (id, body) => (store.withLock ? store.withLock(storeKey('session', id), body) : body()),
    async savePendingLogin(pending) {
      await makeRoomForLogin();
      const id = newId('login');
      const k = storeKey('login', id);
      const expiresAt = clock.now() + loginTimeoutMs;
      await write(k, pending, expiresAt);
      pendingLogins.set(k, expiresAt);
      return id;
    },
    async takePendingLogin(id) {
      if (!ID_PATTERN.login.test(id)) return undefined;
      const k = storeKey('login', id);
      pendingLogins.delete(k);
      return read<PendingLogin>(await store.take(k));
    },
  };
}
