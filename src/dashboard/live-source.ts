// What feeds one user's LiveState: a vendor-specific source that fills the live parts at start and
// keeps them current (Genesys by push, CXone by polling), and reads whole windows of figures on
// request (today's half-hours, earlier days). Always with the user's own token.
import type { OrgConfig, Vendor } from '../config/index.js';
import type { Clock, Logger } from '../core/index.js';
import type { ApiClient } from '../http/index.js';
import type { LiveState, WindowFigures } from './live-state.js';

export interface LiveSourceContext<O extends OrgConfig = OrgConfig> {
  org: O;
  state: LiveState;
  /** The user's API client: their newest session's connection (its token and request budget). */
  client: ApiClient;
  clock: Clock;
  logger: Logger;
  /** After a gap in the feed: today's figures must be read again. */
  onGap(): void;
}

export interface WindowRequest {
  from: number;
  to: number;
  /** IANA zone the days are counted in. */
  zone: string;
  /** Chart buckets: half-hours (one day) or days (a week). */
  step: 'half-hour' | 'day';
}

export interface LiveSource {
  /** Fills the live parts (queues, live numbers, agents and their states) and starts following them. */
  start(): Promise<void>;
  readWindow(window: WindowRequest): Promise<WindowFigures>;
  stop(): Promise<void>;
}

export type LiveSourceFactory<O extends OrgConfig = OrgConfig> = (ctx: LiveSourceContext<O>) => LiveSource;

/** One source per vendor; keyed by Vendor, so a new vendor must bring its own. */
export type LiveSources = { readonly [V in Vendor]: LiveSourceFactory<Extract<OrgConfig, { vendor: V }>> };
