// What the dashboard reads, always through the signed-in session's own client (its user's token), so
// two supervisors with different permissions see different data. One implementation per vendor.
import type { OrgConfig } from '../config/index.js';
import type { ApiClient } from '../http/index.js';
import type { Agent, Queue, QueueInterval, QueueSnapshot } from '../model/index.js';
import type { SessionUser } from './session-vault.js';

export interface UserAccess<O extends OrgConfig = OrgConfig> {
  org: O;
  /** The session's client: made once per session by connectOrg with the user's token and budget. */
  client: ApiClient;
  signal?: AbortSignal;
}

/** What one agent did in a window, as far as the vendor reports it to this user. */
export interface AgentActivity {
  agentId: string;
  /** Contacts the agent answered and finished. */
  handled: number;
  /** Talk + hold + after-call work of those contacts, ms. */
  handleMs: number;
}

export interface DashboardData<O extends OrgConfig = OrgConfig> {
  /** Who the token belongs to; asked at sign-in when the vendor sent no ID token. */
  me(access: UserAccess<O>): Promise<SessionUser>;
  /** The queues this user may see. */
  queues(access: UserAccess<O>): Promise<Queue[]>;
  /** Live numbers of these queues now. */
  snapshots(access: UserAccess<O>, queueIds: string[]): Promise<QueueSnapshot[]>;
  /** Half-hour intervals of these queues in [from, to). */
  intervals(access: UserAccess<O>, query: { queueIds: string[]; from: number; to: number }): Promise<QueueInterval[]>;
  /**
   * The vendor's own totals over [from, to), one interval per queue, where summing half-hours would
   * not give the vendor's figure (CXone rounds each summary's averages to whole seconds). Without
   * it the day's totals are the sum of the half-hours.
   */
  totals?(access: UserAccess<O>, query: { queueIds: string[]; from: number; to: number }): Promise<QueueInterval[]>;
  /** People in the directory this user may see, where the vendor has a directory the user can read. */
  agents?(access: UserAccess<O>): Promise<Agent[]>;
  /** Per-agent work in [from, to) on the queues this user may see, where the vendor reports it. */
  agentActivity?(access: UserAccess<O>, window: { from: number; to: number }): Promise<AgentActivity[]>;
}
