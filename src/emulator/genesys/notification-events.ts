// Bodies of the notification messages the emulator pushes, in the shapes Genesys sends: every message
// is `{topicName, version, eventBody, metadata}`; queue observation topics carry StatsNotification
// bodies (`{group, data: [{interval, metrics: [{metric, qualifier?, stats}]}]}` — an instant interval
// for observations, the half-hour for aggregates), user activity topics AgentActivity bodies.
import { randomUUID } from 'node:crypto';
import type { AgentStatus } from '../traffic/agent-status.js';

export interface NotificationMessage {
  topicName: string;
  version: string;
  eventBody: unknown;
  metadata?: { CorrelationId: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function topicMessage(topicName: string, eventBody: unknown): NotificationMessage {
  return { topicName, version: '2', eventBody, metadata: { CorrelationId: randomUUID() } };
}

/** Sent on every socket at the heartbeat interval. */
export const HEARTBEAT: NotificationMessage = {
  topicName: 'channel.metadata',
  version: '2',
  eventBody: { message: 'WebSocket Heartbeat' },
};

/** The answer to a client's `{"message":"ping"}`. */
export const PONG: NotificationMessage = {
  topicName: 'channel.metadata',
  version: '2',
  eventBody: { message: 'pong' },
};

/** Sent before the service closes a socket (maintenance): the client should move to a new channel. */
export function socketClosing(channelId: string, organizationId: string, graceMs: number): NotificationMessage {
  return {
    topicName: 'v2.system.socket_closing',
    version: '2',
    eventBody: {
      channelId,
      systemTopicType: 'socket_closing',
      correlationId: randomUUID(),
      organizationId,
      reason: 'maintenance',
      message: `The server will close this socket in ${Math.round(graceMs / 1000)} seconds`,
    },
  };
}

export function statsBody(
  group: Record<string, string>,
  interval: { from: number; to: number },
  metrics: unknown[],
): { group: Record<string, string>; data: { interval: string; metrics: unknown[] }[] } {
  return { group, data: [{ interval: `${iso(interval.from)}/${iso(interval.to)}`, metrics }] };
}

/** Presence definitions the emulated org's agents use (ids are the org's own on Genesys). */
export const PRESENCES = {
  onQueue: { id: 'e08eaf1b-ee47-4fa9-a231-1200e284798f', systemPresence: 'On Queue' },
  available: { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', systemPresence: 'Available' },
} as const;

/** `v2.users.{id}.activity` body (AgentActivityChangedTopicAgentActivity in the SDK's typings). */
export function activityBody(userId: string, status: AgentStatus, activeQueueIds: string[]) {
  const presence = status.status === 'OFF_QUEUE' ? PRESENCES.available : PRESENCES.onQueue;
  return {
    id: userId,
    routingStatus: { status: status.status, startTime: iso(status.since) },
    presence: { presenceDefinition: presence, presenceMessage: '', modifiedDate: iso(status.since) },
    outOfOffice: { active: false },
    activeQueueIds,
  };
}
