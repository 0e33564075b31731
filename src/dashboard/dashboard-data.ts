// What the dashboard reads, always with the signed-in user's own token, so two supervisors with
// different permissions see different data. One implementation per vendor; swappable in tests.
import type { TokenProvider } from '../auth/index.js';
import type { OrgConfig } from '../config/index.js';
import type { Agent, Queue, QueueInterval, QueueSnapshot } from '../model/index.js';
import type { SessionUser } from './session-vault.js';

export interface UserAccess<O extends OrgConfig = OrgConfig> {
  org: O;
  tokens: TokenProvider;
  signal?: AbortSignal;
}

export interface DashboardData<O extends OrgConfig = OrgConfig> {
  /** Who the token belongs to; asked once at sign-in. */
  me(access: UserAccess<O>): Promise<SessionUser>;
  /** The queues this user may see. */
  queues(access: UserAccess<O>): Promise<Queue[]>;
  /** Live numbers of these queues now. */
  snapshots(access: UserAccess<O>, queueIds: string[]): Promise<QueueSnapshot[]>;
  /** Half-hour intervals of these queues in [from, to). */
  intervals(access: UserAccess<O>, query: { queueIds: string[]; from: number; to: number }): Promise<QueueInterval[]>;
  /** People in the directory this user may see. */
  agents(access: UserAccess<O>): Promise<Agent[]>;
}
