// Every signed-in user's live feed, one per user (vendor, org, user id), shared by that user's
// sessions so a supervisor with several tabs or devices opens one Genesys channel, not one each.
// The feed uses the newest session's token; a session the vendor ends (its refresh refused) is set
// aside and the next one takes over. Today's figures are read per time zone in use and re-read every
// `refreshMs` (and after any gap in the feed); earlier windows are read once. A feed nobody has
// looked at for `idleMs` (no page, no open event stream) stops, closing its channel.
import { InvalidGrantError, MissingPermissionError } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { OrgConnection } from '../connect/index.js';
import type { Clock, Logger } from '../core/index.js';
import { dayStart } from '../core/index.js';
import { type ApiClient, ForbiddenError } from '../http/index.js';
import { SessionExpiredError } from './dashboard-errors.js';
import type { LiveSource, LiveSourceContext, LiveSources, WindowRequest } from './live-source.js';
import { LiveState, type WindowFigures } from './live-state.js';
import type { Session } from './session-vault.js';

interface LiveHubOptions {
  clock: Clock;
  logger: Logger;
  sources: LiveSources;
  /** Today's figures are re-read this often (default 60 s). */
  refreshMs?: number;
  /** A feed unused this long stops (default 10 min). */
  idleMs?: number;
  /** A feed that failed to start is tried again after this long (default 10 s). */
  retryFailedMs?: number;
}

interface Entry {
  state: LiveState;
  source: LiveSource;
  /** The user's sessions' connections, oldest first. */
  sessions: Map<string, OrgConnection>;
  /** Sessions the vendor ended (refresh refused) while they served the feed. */
  ended: Set<string>;
  started: Promise<void>;
  failed: { error: unknown; at: number } | undefined;
  lastSeen: number;
  /** Zones asked for, with when: today is kept and refreshed for each. */
  zones: Map<string, number>;
  loads: Map<string, Promise<WindowFigures>>;
  stop: AbortController;
}

export class LiveHub {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshMs: number;
  private readonly idleMs: number;
  private readonly retryFailedMs: number;

  constructor(private readonly o: LiveHubOptions) {
    this.refreshMs = o.refreshMs ?? 60_000;
    this.idleMs = o.idleMs ?? 10 * 60_000;
    this.retryFailedMs = o.retryFailedMs ?? 10_000;
  }

  /**
   * The session's user's live state, started (and today read for `zone`) if it was not. Rejects with
   * MissingPermissionError, SessionExpiredError, or the vendor's failure.
   */
  async open(session: Session, org: OrgConfig, connection: OrgConnection, zone: string): Promise<LiveState> {
    const now = this.o.clock.now();
    const key = `${session.vendor}\u0000${session.org}\u0000${session.user.id}`;
    let entry = this.entries.get(key);
    if (entry?.failed && now - entry.failed.at >= this.retryFailedMs) {
      this.drop(key, entry);
      entry = undefined;
    }
    if (entry?.ended.has(session.id)) throw new SessionExpiredError('the vendor ended this sign-in');
    const fresh = !entry;
    if (!entry) entry = this.create(key, org, connection.client.baseUrl);
    // The newest session last: its connection serves the feed.
    entry.sessions.delete(session.id);
    entry.sessions.set(session.id, connection);
    if (fresh) this.start(key, entry);
    entry.lastSeen = now;
    entry.zones.set(zone, now);
    const startError = await entry.started.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (startError !== undefined) {
      // Today's read too, so every permission the user lacks is named at once.
      const todayError = await this.today(entry, zone).then(
        () => undefined,
        (error: unknown) => error,
      );
      throw permissionsOf(entry.state, [startError, todayError]);
    }
    await this.today(entry, zone).catch((error: unknown) => {
      throw permissionsOf(entry.state, [error]);
    });
    return entry.state;
  }

  /** A window of figures for `zone`: today's live one, or an earlier one (read once). */
  async figures(state: LiveState, request: WindowRequest): Promise<WindowFigures> {
    return this.read(state, request).catch((error: unknown) => {
      throw permissionsOf(state, [error]);
    });
  }

  private async read(state: LiveState, request: WindowRequest): Promise<WindowFigures> {
    const entry = this.entries.get(state.key);
    if (!entry) throw new SessionExpiredError('the live feed stopped');
    if (request.from === dayStart(this.o.clock.now(), request.zone)) return this.today(entry, request.zone);
    const key = `${request.zone}|${request.from}|${request.to}|${request.step}`;
    const known = state.history.get(key);
    if (known) return known;
    let load = entry.loads.get(key);
    if (!load) {
      load = entry.source.readWindow(request).then((w) => {
        // A change like any other: views rendered before it (view-cache.ts) lacked what it brought.
        state.update(this.o.clock.now(), () => state.history.set(key, w));
        return w;
      });
      entry.loads.set(key, load);
      load.catch(() => undefined).finally(() => entry.loads.delete(key));
    }
    return load;
  }

  /** The session was signed out: it no longer serves the feed; the last one out stops it. */
  release(sessionId: string): void {
    for (const [key, entry] of this.entries) {
      entry.ended.delete(sessionId);
      if (!entry.sessions.delete(sessionId)) continue;
      if (entry.sessions.size === 0) this.drop(key, entry);
    }
  }

  /** Sessions whose feed ended because the vendor refused their token. */
  hasEnded(session: Session): boolean {
    for (const entry of this.entries.values()) if (entry.ended.has(session.id)) return true;
    return false;
  }

  /** A page or stream is reading: the feed is in use. */
  touch(state: LiveState): void {
    const entry = this.entries.get(state.key);
    if (entry) entry.lastSeen = this.o.clock.now();
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries].map(([key, entry]) => this.drop(key, entry)));
  }

  private create(key: string, org: OrgConfig, baseUrl: string): Entry {
    const state = new LiveState(key);
    const sessions = new Map<string, OrgConnection>();
    const ended = new Set<string>();
    // The user's client: every request through the newest session's own client (its token, its
    // budget); a session whose sign-in the vendor ended is set aside and the next one tried.
    const client: ApiClient = {
      vendor: org.vendor,
      baseUrl,
      async request(request) {
        for (;;) {
          const newest = [...sessions].at(-1);
          if (!newest) throw new SessionExpiredError('no signed-in session of this user is left');
          const [id, connection] = newest;
          try {
            return await connection.client.request(request);
          } catch (error) {
            if (!(error instanceof SessionExpiredError || error instanceof InvalidGrantError)) throw error;
            sessions.delete(id);
            ended.add(id);
          }
        }
      },
    };
    let gap: NodeJS.Timeout | undefined;
    const ctx: Omit<LiveSourceContext, 'org'> = {
      state,
      client,
      clock: this.o.clock,
      logger: this.o.logger,
      onGap: () => {
        clearTimeout(gap);
        gap = setTimeout(() => void this.refreshToday(entry), 50);
        gap.unref();
      },
    };
    // The generic parameter only narrows the org type; each factory is keyed by its own vendor.
    const source = (this.o.sources[org.vendor] as (c: LiveSourceContext) => LiveSource)({ ...ctx, org });
    const entry: Entry = {
      state,
      source,
      sessions,
      ended,
      started: Promise.resolve(),
      failed: undefined,
      lastSeen: this.o.clock.now(),
      zones: new Map(),
      loads: new Map(),
      stop: new AbortController(),
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Starts the feed (once a session can serve it) and its upkeep. */
  private start(key: string, entry: Entry): void {
    entry.started = entry.source.start().catch((error: unknown) => {
      entry.failed = { error, at: this.o.clock.now() };
      throw error;
    });
    entry.started.catch(() => undefined);
    void this.maintain(key, entry);
  }

  /** Today in `zone`, read if not yet (or the day turned); joins a read under way. */
  private async today(entry: Entry, zone: string): Promise<WindowFigures> {
    const now = this.o.clock.now();
    const from = dayStart(now, zone);
    const known = entry.state.today.get(zone);
    if (known && known.from === from) return known;
    const key = `today|${zone}|${from}`;
    let load = entry.loads.get(key);
    if (!load) {
      load = entry.source.readWindow({ from, to: dayStart(now, zone, 1), zone, step: 'half-hour' }).then((w) => {
        entry.state.update(this.o.clock.now(), () => entry.state.today.set(zone, w));
        return w;
      });
      entry.loads.set(key, load);
      load.catch(() => undefined).finally(() => entry.loads.delete(key));
    }
    return load;
  }

  private async refreshToday(entry: Entry): Promise<void> {
    const now = this.o.clock.now();
    await Promise.all(
      [...entry.zones].map(async ([zone, seen]) => {
        if (now - seen > this.idleMs) {
          entry.zones.delete(zone);
          entry.state.today.delete(zone);
          return;
        }
        const from = dayStart(now, zone);
        try {
          const w = await entry.source.readWindow({ from, to: dayStart(now, zone, 1), zone, step: 'half-hour' });
          entry.state.update(this.o.clock.now(), () => entry.state.today.set(zone, w));
        } catch (error) {
          this.o.logger.warn({ err: describe(error) }, "dashboard: re-reading today's figures failed");
        }
      }),
    );
  }

  /** Re-reads today every refreshMs; stops the feed once nobody has used it for idleMs. */
  private async maintain(key: string, entry: Entry): Promise<void> {
    const signal = entry.stop.signal;
    try {
      await entry.started;
      while (!signal.aborted) {
        await this.o.clock.sleep(this.refreshMs, signal);
        const idle = this.o.clock.now() - entry.lastSeen > this.idleMs && entry.state.listening === 0;
        if (idle) {
          this.o.logger.info({ vendor: key.split('\u0000')[0] }, 'dashboard: an unused live feed stopped');
          await this.drop(key, entry);
          return;
        }
        await this.refreshToday(entry);
      }
    } catch {
      // Aborted (stopped), or the start failed (kept as `failed` until retried).
    }
  }

  private async drop(key: string, entry: Entry): Promise<void> {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.stop.abort();
    await entry.source.stop().catch(() => undefined);
  }
}

/**
 * A start or a read that the vendor refused for missing permissions, with every permission the
 * failures named together (the admin is asked once, not once per refresh).
 */
function permissionsOf(state: LiveState, failures: unknown[]): unknown {
  const errors = failures.filter((e) => e !== undefined);
  const forbidden = errors.filter((e): e is ForbiddenError => e instanceof ForbiddenError);
  if (forbidden.length === 0) return errors[0];
  const missing = [...new Set(forbidden.flatMap((e) => e.missingPermissions))].sort();
  return new MissingPermissionError(
    state.key.startsWith('genesys') ? 'genesys' : 'cxone',
    missing,
    forbidden.map((e) => `${e.details.method} ${e.details.path}`).join(', '),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
