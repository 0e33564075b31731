// The emulated Genesys notification service: channels per user and OAuth client (at most 20; a 21st
// evicts the least recently used, unconnected ones first), their topic subscriptions (at most 1,000),
// a 24-hour life renewed by subscribing, one WebSocket per channel with heartbeats and a closing
// notice before maintenance, and the pushes themselves: on each tick (real time) the traffic is
// observed at the context clock's now, and every subscribed topic whose state changed since it was
// last sent gets a message. Nothing is pushed at subscription: Genesys pushes changes only.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { type AgentStatus, agentStatuses } from '../traffic/agent-status.js';
import { type AggregateResult, aggregateConversations } from '../traffic/aggregate.js';
import { GENESYS_METRICS } from '../traffic/genesys-metrics.js';
import { LONGEST_CONVERSATION_MS } from '../traffic/traffic.js';
import {
  activityBody,
  HEARTBEAT,
  type NotificationMessage,
  PONG,
  socketClosing,
  statsBody,
  topicMessage,
} from './notification-events.js';
import type { Topic } from './notification-topics.js';
import { type ObservationResult, observeQueues } from './queue-observations.js';

export interface NotificationSettings {
  /** Channels per user and OAuth client (Genesys: 20). */
  maxChannels: number;
  /** Topics per channel (Genesys: 1,000). */
  maxTopics: number;
  /** A channel's life from creation or its last subscription change, on the context clock (24 h). */
  channelLifetimeMs: number;
  /** Heartbeat interval on each socket, real time (Genesys: 30 s). */
  heartbeatMs: number;
  /** How often the traffic is observed for changes, real time. */
  tickMs: number;
}

const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  maxChannels: 20,
  maxTopics: 1000,
  channelLifetimeMs: 24 * 3600_000,
  heartbeatMs: 30_000,
  tickMs: 250,
};

const HALF_HOUR = 30 * 60_000;
/** Observation metrics pushed on queue observation topics (what the query answers for them). */
const OBSERVATION_METRICS = [
  'oWaiting',
  'oAlerting',
  'oInteracting',
  'oOnQueueUsers',
  'oOffQueueUsers',
  'oActiveUsers',
  'oMemberUsers',
];

export interface Channel {
  id: string;
  /** `clientId:userId` (or `clientId:-` for client credentials): whose channel it is. */
  owner: string;
  /** The access token it was created with (`includechannels=token`). */
  createdWith: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
  topics: Map<string, Topic>;
  socket: WebSocket | undefined;
  /** What each topic key last pushed, so only changes are sent. */
  sent: Map<string, string>;
}

export interface ChannelInfo {
  id: string;
  owner: string;
  topics: string[];
  connected: boolean;
  expiresAt: number;
}

/** The traffic observed at one moment: every queue's observation results and every agent's status. */
interface Observations {
  at: number;
  queues: Map<string, ObservationResult[]>;
  agents: Map<string, AgentStatus>;
  /** The previous and the current half hour's aggregates, per queue (its conversations are still emitting). */
  halfHours: { from: number; results: AggregateResult[] }[];
}

export interface NotificationHub {
  readonly settings: NotificationSettings;
  ownerOf(principal: Principal): string;
  createChannel(principal: Principal): Channel;
  /** The caller's channel, or undefined when it does not exist, expired, or is someone else's. */
  channelFor(principal: Principal, id: string): Channel | undefined;
  channelsOf(principal: Principal): Channel[];
  /** Replaces (`add: false`) or extends a channel's topics; renews its life. */
  setTopics(channel: Channel, topics: Topic[], add: boolean): void;
  clearTopics(channel: Channel): void;
  connectUri(channel: Channel): string;
  /** Takes a WebSocket upgrade on `/channels/{id}`; false when the path is not a channel's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Test and demo control: the maintenance notice on every socket, each closed `graceMs` later. */
  announceClosing(options?: { graceMs?: number }): number;
  /** Test control: every socket dropped without a close frame (a network failure). */
  dropConnections(): number;
  /** Test control: every socket kept open but silent (no heartbeat, pong or push: a half-open link). */
  muteConnections(): number;
  channels(): ChannelInfo[];
  close(): void;
}

export function createNotificationHub(
  ctx: EmulatorContext,
  options: { socketBase: string; settings?: Partial<NotificationSettings> },
): NotificationHub {
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...options.settings };
  const channels = new Map<string, Channel>();
  const wss = new WebSocketServer({ noServer: true });
  const timers = new Set<NodeJS.Timeout>();
  const muted = new WeakSet<WebSocket>();
  let observed: { revision: number; observations: Observations } | undefined;

  const ownerOf = (p: Principal) => `${p.token.client.id}:${p.token.user?.id ?? '-'}`;
  const alive = (ch: Channel) => ctx.clock.now() < ch.expiresAt;
  const send = (ch: Channel, message: NotificationMessage) => {
    const ws = ch.socket;
    if (ws && ws.readyState === ws.OPEN && !muted.has(ws)) ws.send(JSON.stringify(message));
  };
  const remove = (ch: Channel, reason: string) => {
    channels.delete(ch.id);
    ch.socket?.close(1000, reason);
    ch.socket = undefined;
  };

  const observations = () => {
    const now = ctx.clock.now();
    const revision = ctx.traffic.revision;
    if (observed?.observations.at !== now || observed.revision !== revision) {
      const queues = new Map<string, ObservationResult[]>();
      for (const r of observeQueues(ctx.org, ctx.traffic, now, ctx.org.queues, OBSERVATION_METRICS)) {
        const id = r.group.queueId as string;
        queues.set(id, [...(queues.get(id) ?? []), r]);
      }
      const recent = ctx.traffic.conversationsStarting(now - LONGEST_CONVERSATION_MS, now + 1);
      // Computed once per moment for every queue (not per subscribed topic): this runs on every tick.
      const current = Math.floor(now / HALF_HOUR) * HALF_HOUR;
      const halfHours = [current - HALF_HOUR, current].map((from) => ({
        from,
        results: aggregateConversations(ctx.org, recent, {
          bounds: [from, from + HALF_HOUR],
          groupBy: ['queueId', 'mediaType'],
          metrics: GENESYS_METRICS,
          asOf: now,
          attribution: 'emitted',
        }),
      }));
      observed = {
        revision,
        observations: { at: now, queues, agents: agentStatuses(ctx.org, recent, now), halfHours },
      };
    }
    return observed.observations;
  };

  /** Every push-able state of one topic now, keyed: the tick sends the keys whose value changed. */
  const topicStates = (topic: Topic, obs: Observations): { key: string; body: unknown }[] => {
    if (topic.kind === 'user-activity') {
      const status = obs.agents.get(topic.userId);
      if (!status) return [];
      const queues = ctx.org.queues.filter((q) => q.memberIds.includes(topic.userId)).map((q) => q.id);
      const body = activityBody(topic.userId, status, status.status === 'OFF_QUEUE' ? [] : queues);
      return [{ key: topic.id, body }];
    }
    const results = obs.queues.get(topic.queueId);
    if (!results) return [];
    const at = { from: obs.at, to: obs.at };
    const states = results.map((r) => ({
      key: `${topic.id}|obs|${JSON.stringify(r.group)}`,
      body: statsBody(r.group, at, r.data),
    }));
    for (const { from, results: aggregates } of obs.halfHours)
      for (const r of aggregates)
        if (r.group.queueId === topic.queueId)
          for (const d of r.data)
            states.push({ key: `${topic.id}|agg|${from}|${r.group.mediaType}`, body: { group: r.group, data: [d] } });
    return states;
  };

  /** Records the current state of a channel's topics as sent (subscribing pushes nothing). */
  const markSent = (ch: Channel) => {
    const obs = observations();
    for (const topic of ch.topics.values())
      for (const s of topicStates(topic, obs)) ch.sent.set(s.key, JSON.stringify(s.body));
  };

  const tick = () => {
    const now = ctx.clock.now();
    for (const ch of [...channels.values()]) if (!alive(ch)) remove(ch, 'Channel expired');
    const listening = [...channels.values()].filter((ch) => ch.socket && ch.topics.size > 0);
    if (listening.length === 0) return;
    const obs = observations();
    const cache = new Map<string, { key: string; body: unknown }[]>();
    for (const ch of listening) {
      for (const topic of ch.topics.values()) {
        let states = cache.get(topic.id);
        if (!states) {
          states = topicStates(topic, obs);
          cache.set(topic.id, states);
        }
        for (const s of states) {
          const text = JSON.stringify(s.body);
          if (ch.sent.get(s.key) === text) continue;
          ch.sent.set(s.key, text);
          send(ch, topicMessage(topic.id, s.body));
        }
      }
      ch.lastUsedAt = now;
    }
  };

  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    t.unref();
    timers.add(t);
  };
  every(settings.tickMs, tick);
  every(settings.heartbeatMs, () => {
    for (const ch of channels.values()) send(ch, HEARTBEAT);
  });

  const attach = (ch: Channel, ws: WebSocket) => {
    // One connection per channel: a new one takes over (the old one is closed).
    if (ch.socket && ch.socket !== ws) ch.socket.close(1000, 'Replaced by a new connection');
    ch.socket = ws;
    ch.lastUsedAt = ctx.clock.now();
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return;
      }
      if ((parsed as { message?: unknown } | null)?.message === 'ping') send(ch, PONG);
    });
    ws.on('close', () => {
      if (ch.socket === ws) ch.socket = undefined;
    });
    ws.on('error', () => undefined);
  };

  return {
    settings,
    ownerOf,
    createChannel(principal) {
      const now = ctx.clock.now();
      const owner = ownerOf(principal);
      const mine = [...channels.values()].filter((ch) => ch.owner === owner);
      if (mine.length >= settings.maxChannels) {
        // Unconnected channels go first, then the least recently used.
        const victim = [...mine].sort(
          (a, b) => Number(a.socket !== undefined) - Number(b.socket !== undefined) || a.lastUsedAt - b.lastUsedAt,
        )[0];
        if (victim) remove(victim, 'Channel limit reached: removed for a newer channel');
      }
      const channel: Channel = {
        id: `streaming-0-${randomBytes(16).toString('hex')}`,
        owner,
        createdWith: principal.token.value,
        createdAt: now,
        expiresAt: now + settings.channelLifetimeMs,
        lastUsedAt: now,
        topics: new Map(),
        socket: undefined,
        sent: new Map(),
      };
      channels.set(channel.id, channel);
      return channel;
    },
    channelFor(principal, id) {
      const ch = channels.get(id);
      return ch && ch.owner === ownerOf(principal) && alive(ch) ? ch : undefined;
    },
    channelsOf(principal) {
      const owner = ownerOf(principal);
      return [...channels.values()].filter((ch) => ch.owner === owner && alive(ch));
    },
    setTopics(channel, topics, add) {
      if (!add) {
        channel.topics.clear();
        channel.sent.clear();
      }
      for (const t of topics) channel.topics.set(t.id, t);
      const now = ctx.clock.now();
      channel.expiresAt = now + settings.channelLifetimeMs;
      channel.lastUsedAt = now;
      markSent(channel);
    },
    clearTopics(channel) {
      channel.topics.clear();
      channel.sent.clear();
      channel.lastUsedAt = ctx.clock.now();
    },
    connectUri: (channel) => `${options.socketBase}/channels/${channel.id}`,
    handleUpgrade(request, socket, head) {
      const match = /^\/channels\/([A-Za-z0-9-]+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
      if (!match) return false;
      const ch = channels.get(match[1] as string);
      if (!ch || !alive(ch)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      wss.handleUpgrade(request, socket, head, (ws) => attach(ch, ws));
      return true;
    },
    announceClosing(options = {}) {
      const graceMs = options.graceMs ?? 60_000;
      let n = 0;
      for (const ch of channels.values()) {
        const ws = ch.socket;
        if (!ws) continue;
        n++;
        send(ch, socketClosing(ch.id, ctx.org.genesys.orgId, graceMs));
        const t = setTimeout(() => {
          timers.delete(t);
          ws.close(1001, 'Service maintenance');
        }, graceMs);
        timers.add(t);
      }
      return n;
    },
    dropConnections() {
      let n = 0;
      for (const ch of channels.values()) {
        if (!ch.socket) continue;
        n++;
        ch.socket.terminate();
        ch.socket = undefined;
      }
      return n;
    },
    muteConnections() {
      let n = 0;
      for (const ch of channels.values()) {
        if (!ch.socket) continue;
        n++;
        muted.add(ch.socket);
      }
      return n;
    },
    channels: () =>
      [...channels.values()].map((ch) => ({
        id: ch.id,
        owner: ch.owner,
        topics: [...ch.topics.keys()],
        connected: ch.socket !== undefined,
        expiresAt: ch.expiresAt,
      })),
    close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
      for (const ch of channels.values()) ch.socket?.terminate();
      channels.clear();
      wss.close();
    },
  };
}
