// The resolved dependencies every dashboard route shares: configured orgs by vendor, the session
// vault and each session's connection, the users' live feeds, the process runtime (clock, logger), and
// how a request finds its session and that session's client.
import type { Context, MiddlewareHandler } from 'hono';
import { type AuthProfile, type ProfileDeps, profileFor } from '../auth/index.js';
import { type OrgConfig, VENDORS, type Vendor } from '../config/index.js';
import { createRuntime, type OrgConnection, type Runtime, type RuntimeOptions } from '../connect/index.js';
import { type Clock, isLoopbackHttpUrl, type Logger } from '../core/index.js';
import { clientAddress } from './client-address.js';
import { clearSessionCookie, readSessionCookie } from './cookies.js';
import { cxoneLiveSource } from './cxone-live.js';
import { InsecurePublicUrlError } from './dashboard-errors.js';
import { genesysLiveSource } from './genesys-live.js';
import { LiveHub } from './live-hub.js';
import type { LiveSources } from './live-source.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import { MemorySessionStore, type SessionStore } from './session-store.js';
import { createSessionTokens, type SessionTokens } from './session-tokens.js';
import { createSessionVault, type Session, type SessionVault } from './session-vault.js';

export interface DashboardDeps extends RuntimeOptions {
  /** Configured orgs; the first of each vendor gets a sign-in button. */
  orgs: readonly OrgConfig[];
  /** Where browsers reach the dashboard, e.g. `https://ccpulse.example.com` (redirect URIs are built from it). */
  publicUrl: string;
  /** 32-byte key that seals sessions at rest (AES-256-GCM); `loadTokenKey` from auth gives one. */
  sessionKey: Buffer;
  /** Server-side session store; memory by default. */
  store?: SessionStore;
  /** The process's runtime; built from the options above when absent. */
  runtime?: Runtime;
  /** fetch and timeout for OAuth requests. */
  oauth?: ProfileDeps;
  /** The users' live feeds: where they come from (default: the vendors layer) and their pace. */
  live?: {
    sources?: Partial<LiveSources>;
    /** Today's figures are re-read this often (default 60 s). */
    refreshMs?: number;
    /** A feed nobody looks at stops after this long (default 10 min). */
    idleMs?: number;
    /** CXone's real-time reports are polled this often per signed-in user (default 3 s). */
    cxonePollMs?: number;
  };
  sessions?: { idleTimeoutMs?: number; absoluteTimeoutMs?: number; loginTimeoutMs?: number; maxPendingLogins?: number };
  /** Sign-ins one client may start: at once, and per minute after that (defaults 20 and 10). */
  loginRate?: { burst?: number; perMinute?: number };
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry (default false). */
  trustProxy?: boolean;
}

/**
 * Who is asking, resolved once per request by the session middleware: nobody, a session that has
 * ended, or a signed-in session with its connection (token manager, budget, API client). `unavailable`:
 * signed in, but the vendor could not be reached to connect the session.
 */
export type SignedIn =
  | { kind: 'none' }
  | { kind: 'expired' }
  | { kind: 'signed-in'; session: Session; org: OrgConfig; connection: OrgConnection }
  | { kind: 'unavailable'; session: Session; org: OrgConfig; error: unknown };

/** The hono environment of the dashboard's routes: `c.get('visitor')` once the session middleware ran. */
export interface DashboardEnv {
  Variables: { visitor: SignedIn };
}

export interface DashboardRuntime {
  publicUrl: string;
  runtime: Runtime;
  clock: Clock;
  logger: Logger;
  vault: SessionVault;
  tokens: SessionTokens;
  /** Per-client limit on starting sign-ins. */
  loginThrottle: LoginThrottle;
  /** The address limits are counted by. */
  clientOf(c: Context): string;
  /** Every signed-in user's live picture, fed by the vendor. */
  live: LiveHub;
  /** Vendors with a configured org, in sign-in button order. */
  vendors: Vendor[];
  orgFor(vendor: Vendor): OrgConfig | undefined;
  orgNamed(vendor: Vendor, name: string): OrgConfig | undefined;
  profile(org: OrgConfig): Promise<AuthProfile>;
  redirectUri(vendor: Vendor): string;
  /** The request's session and its connection; clears a cookie that no longer opens one. */
  signedIn(c: Context): Promise<SignedIn>;
  /** Resolves the request's session and connection once, for every route behind it (`c.get('visitor')`). */
  sessionMiddleware: MiddlewareHandler<DashboardEnv>;
  /** Whether the session store answers (within 2 s); memory always does. */
  sessionStoreHealth(): Promise<{ kind: string; up: boolean; detail?: string }>;
}

export function createDashboardRuntime(deps: DashboardDeps): DashboardRuntime {
  const publicUrl = normalisePublicUrl(deps.publicUrl);
  const runtime = deps.runtime ?? createRuntime(deps);
  const { clock, logger } = runtime;
  const store = deps.store ?? new MemorySessionStore(clock);
  const vault = createSessionVault({
    store,
    key: deps.sessionKey,
    clock,
    ...deps.sessions,
  });
  const profile = (org: OrgConfig) => profileFor(org, { timeoutMs: runtime.limits.requestTimeoutMs, ...deps.oauth });
  const tokens = createSessionTokens({ vault, runtime, profileFor: profile });
  const vendors = VENDORS.filter((v) => deps.orgs.some((o) => o.vendor === v));
  // Where each vendor's live numbers come from; keyed by Vendor, so a new vendor must bring its own.
  const live = new LiveHub({
    clock,
    logger,
    refreshMs: deps.live?.refreshMs,
    idleMs: deps.live?.idleMs,
    sources: {
      genesys: deps.live?.sources?.genesys ?? genesysLiveSource,
      cxone: deps.live?.sources?.cxone ?? ((ctx) => cxoneLiveSource(ctx, { pollMs: deps.live?.cxonePollMs })),
    },
  });
  const orgNamed = (vendor: Vendor, name: string) => deps.orgs.find((o) => o.vendor === vendor && o.name === name);

  async function signedIn(c: Context): Promise<SignedIn> {
    const id = readSessionCookie(c);
    if (id === undefined) return { kind: 'none' };
    const session = await vault.loadSession(id);
    const org = session && orgNamed(session.vendor, session.org);
    if (!session || !org) {
      tokens.forget(id);
      clearSessionCookie(c);
      return { kind: 'expired' };
    }
    try {
      return { kind: 'signed-in', session, org, connection: await tokens.connectionFor(session, org) };
    } catch (error) {
      return { kind: 'unavailable', session, org, error };
    }
  }

  return {
    publicUrl,
    runtime,
    clock,
    logger,
    vault,
    tokens,
    loginThrottle: createLoginThrottle({ clock, ...deps.loginRate }),
    clientOf: (c) => clientAddress(c, deps.trustProxy ?? false),
    live,
    vendors,
    orgFor: (vendor) => deps.orgs.find((o) => o.vendor === vendor),
    orgNamed,
    profile,
    redirectUri: (vendor) => `${publicUrl}/callback/${vendor}`,
    signedIn,
    sessionMiddleware: async (c, next) => {
      c.set('visitor', await signedIn(c));
      await next();
    },
    sessionStoreHealth: () => storeHealth(store),
  };
}

async function storeHealth(store: SessionStore): Promise<{ kind: string; up: boolean; detail?: string }> {
  const kind = store.kind ?? 'memory';
  if (!store.ping) return { kind, up: true };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer within 2000 ms'), 2000);
  });
  const answered = store.ping().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  const problem = await Promise.race([answered, late]);
  clearTimeout(timer);
  return problem === undefined ? { kind, up: true } : { kind, up: false, detail: problem };
}

function normalisePublicUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && !isLoopbackHttpUrl(url)) throw new InsecurePublicUrlError(url.origin);
  // Origin only: the __Host- cookies are Path=/, so the dashboard owns its whole origin.
  return url.origin;
}
