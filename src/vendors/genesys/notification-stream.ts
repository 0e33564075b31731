// A live feed of Genesys notification topics for one signed-in user: channels created with the
// user's own token (at most 1,000 topics each, one WebSocket per channel), kept alive as Genesys
// documents it. A heartbeat arrives every 30 s; silence past `heartbeatTimeoutMs` gets a ping, and
// no pong means a dead socket. A dropped socket reconnects with backoff to the same channel, or to
// a new one when the channel expired or was evicted, and `onResync` then re-reads the state the
// missed pushes would have changed (the observation query). The closing notice before maintenance
// moves to a new channel before the old socket goes, so nothing is missed. Subscriptions are
// renewed before the channel's 24 hours end. The socket carries no token, so a token refresh (done
// by the API client on the next REST call) never interrupts the stream.
//
// Socket liveness runs on real timers (it is about the network); channel expiry and renewal on the
// injected clock (they are about the vendor's time).
import WebSocket from 'ws';
import {
  CcpulseError,
  type Clock,
  describeError,
  fullJitterDelay,
  isLoopbackHost,
  type Logger,
  silentLogger,
  systemClock,
} from '../../core/index.js';
import { type ApiClient, NotFoundError } from '../../http/index.js';
import {
  channelSubscriptions,
  clearSubscriptions,
  createNotificationChannel,
  MAX_TOPICS_PER_CHANNEL,
  type NotificationChannel,
  replaceSubscriptions,
} from './notifications-api.js';

/** A channel lives this long after its last subscription change (Genesys: 24 h). */
export const CHANNEL_LIFETIME_MS = 24 * 3600_000;

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface NotificationStreamOptions {
  /** The signed-in user's API client (their token and rate budget). */
  client: ApiClient;
  topics: readonly string[];
  onEvent(topicName: string, body: unknown): void;
  /** Called after any gap in the stream (reconnect, new channel) to re-read the current state. */
  onResync(): Promise<void>;
  onState?(state: StreamState): void;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** Silence on the socket before a ping (real time; Genesys sends a heartbeat every 30 s). */
  heartbeatTimeoutMs?: number;
  /** Wait for the pong before the socket is taken for dead. */
  pongTimeoutMs?: number;
  /** Subscriptions are renewed this long before the channel would expire. */
  renewBeforeMs?: number;
  /** Reconnect backoff (full jitter), real time. */
  reconnectDelayMs?: { base: number; max: number };
}

interface Link {
  topics: string[];
  channel: NotificationChannel | undefined;
  expiresAt: number;
  ws: WebSocket | undefined;
  lastMessageAt: number;
  pingSentAt: number | undefined;
  reconnecting: boolean;
  renewal: AbortController | undefined;
}

class ChannelGoneError extends Error {}

export class NotificationSocketError extends CcpulseError {
  constructor(detail: string) {
    super(
      'NOTIFICATION_SOCKET',
      `The Genesys notification socket could not be used: ${detail}`,
      'Check that the dashboard host can open outbound WebSocket (wss, port 443) connections to streaming.{your Genesys domain}; it reconnects by itself once it can.',
    );
  }
}

export class NotificationStream {
  private links: Link[] = [];
  private stopped = false;
  private state: StreamState = 'connecting';
  private readonly watchdog: NodeJS.Timeout;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly heartbeatTimeoutMs: number;
  private readonly pongTimeoutMs: number;

  constructor(private readonly o: NotificationStreamOptions) {
    this.clock = o.clock ?? systemClock;
    this.logger = o.logger ?? silentLogger;
    this.heartbeatTimeoutMs = o.heartbeatTimeoutMs ?? 75_000;
    this.pongTimeoutMs = o.pongTimeoutMs ?? 10_000;
    this.watchdog = setInterval(() => this.checkLiveness(), Math.min(1000, this.pongTimeoutMs / 2));
    this.watchdog.unref();
  }

  /** Opens every channel; fails (and leaves nothing open) when the first setup fails. */
  async start(): Promise<void> {
    this.setState('connecting');
    try {
      this.links = await Promise.all(chunks(this.o.topics).map((topics) => this.openLink(topics)));
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.setState('live');
  }

  /** Channels open now (one per 1,000 topics). */
  get channelCount(): number {
    return this.links.length;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.watchdog);
    const links = this.links;
    this.links = [];
    await Promise.all(links.map((link) => this.closeLink(link)));
    this.setState('stopped');
  }

  private setState(state: StreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.o.onState?.(state);
  }

  private async openLink(topics: string[]): Promise<Link> {
    const link: Link = {
      topics,
      channel: undefined,
      expiresAt: 0,
      ws: undefined,
      lastMessageAt: Date.now(),
      pingSentAt: undefined,
      reconnecting: false,
      renewal: undefined,
    };
    await this.newChannel(link);
    await this.connect(link);
    return link;
  }

  private async newChannel(link: Link): Promise<void> {
    const channel = await createNotificationChannel(this.o.client);
    checkConnectUri(channel.connectUri);
    await this.subscribe(link, channel);
    link.channel = channel;
    const expires = channel.expires ? Date.parse(channel.expires) : Number.NaN;
    link.expiresAt = Number.isNaN(expires) ? this.clock.now() + CHANNEL_LIFETIME_MS : expires;
    this.scheduleRenewal(link);
  }

  private async subscribe(link: Link, channel: NotificationChannel): Promise<void> {
    const result = await replaceSubscriptions(this.o.client, channel.id, link.topics);
    if (result.rejected.length > 0)
      this.logger.warn(
        {
          rejected: result.rejected.length,
          missingPermissions: [...new Set(result.rejected.flatMap((r) => r.missingPermissions))],
        },
        'genesys notifications: topics refused for this user',
      );
  }

  /** Renews the channel's life by subscribing again, a while before it would end. */
  private scheduleRenewal(link: Link): void {
    link.renewal?.abort();
    const renewal = new AbortController();
    link.renewal = renewal;
    const due = link.expiresAt - (this.o.renewBeforeMs ?? 3600_000);
    this.clock
      .sleep(Math.max(0, due - this.clock.now()), renewal.signal)
      .then(async () => {
        const channel = link.channel;
        if (this.stopped || !channel) return;
        try {
          await this.subscribe(link, channel);
          link.expiresAt = this.clock.now() + CHANNEL_LIFETIME_MS;
          this.scheduleRenewal(link);
        } catch (error) {
          this.logger.warn({ err: describeError(error) }, 'genesys notifications: renewing the channel failed');
          // Expired or removed meanwhile: start over on a new channel.
          if (error instanceof NotFoundError) link.channel = undefined;
          this.reconnect(link);
        }
      })
      .catch(() => undefined);
  }

  private connect(link: Link): Promise<void> {
    const channel = link.channel;
    if (!channel) return Promise.reject(new ChannelGoneError('no channel'));
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(channel.connectUri, { handshakeTimeout: 10_000 });
      let opened = false;
      ws.on('unexpected-response', (_request, response) => {
        ws.terminate();
        reject(
          response.statusCode === 404
            ? new ChannelGoneError('the channel no longer exists')
            : new NotificationSocketError(`the server answered HTTP ${response.statusCode}`),
        );
      });
      ws.on('open', () => {
        opened = true;
        link.ws = ws;
        link.lastMessageAt = Date.now();
        link.pingSentAt = undefined;
        resolve();
      });
      ws.on('message', (data) => {
        link.lastMessageAt = Date.now();
        link.pingSentAt = undefined;
        this.onMessage(link, String(data));
      });
      ws.on('error', (error) => {
        if (!opened) reject(error);
      });
      ws.on('close', () => {
        if (link.ws !== ws) return;
        link.ws = undefined;
        if (!this.stopped) this.reconnect(link);
      });
    });
  }

  private onMessage(link: Link, text: string): void {
    let message: { topicName?: unknown; eventBody?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.logger.warn({ bytes: text.length }, 'genesys notifications: a message that is not JSON was ignored');
      return;
    }
    const topic = typeof message.topicName === 'string' ? message.topicName : undefined;
    if (!topic || topic === 'channel.metadata') return;
    if (topic === 'v2.system.socket_closing') {
      void this.rollOver(link);
      return;
    }
    this.o.onEvent(topic, message.eventBody);
  }

  /** The service will close this socket: move to a new channel first, then let the old one go. */
  private async rollOver(link: Link): Promise<void> {
    const old = { channel: link.channel, ws: link.ws };
    try {
      link.ws = undefined;
      await this.newChannel(link);
      await this.connect(link);
      this.logger.info({}, 'genesys notifications: moved to a new channel before maintenance');
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'genesys notifications: moving to a new channel failed');
      this.reconnect(link);
    } finally {
      old.ws?.close(1000);
      if (old.channel && old.channel.id !== link.channel?.id)
        clearSubscriptions(this.o.client, old.channel.id).catch(() => undefined);
    }
  }

  private checkLiveness(): void {
    const now = Date.now();
    for (const link of this.links) {
      const ws = link.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) continue;
      if (link.pingSentAt !== undefined) {
        if (now - link.pingSentAt > this.pongTimeoutMs) {
          this.logger.warn({}, 'genesys notifications: no heartbeat or pong; reconnecting');
          ws.terminate();
        }
      } else if (now - link.lastMessageAt > this.heartbeatTimeoutMs) {
        link.pingSentAt = now;
        ws.send(JSON.stringify({ message: 'ping' }));
      }
    }
  }

  /** Back to a working socket: the same channel when it still exists, else a new one; then resync. */
  private reconnect(link: Link): void {
    if (link.reconnecting || this.stopped) return;
    link.reconnecting = true;
    this.setState('reconnecting');
    const delays = this.o.reconnectDelayMs ?? { base: 250, max: 30_000 };
    const random = this.o.random ?? Math.random;
    void (async () => {
      for (let attempt = 1; !this.stopped; attempt++) {
        try {
          link.ws?.terminate();
          link.ws = undefined;
          await this.ensureChannel(link);
          await this.connect(link);
          link.reconnecting = false;
          await this.o.onResync();
          if (this.links.every((l) => !l.reconnecting)) this.setState('live');
          return;
        } catch (error) {
          if (error instanceof ChannelGoneError) link.channel = undefined;
          const delay = fullJitterDelay(attempt, delays.base, delays.max, random);
          this.logger.warn(
            { err: describeError(error), attempt, delayMs: delay },
            'genesys notifications: reconnect failed',
          );
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      link.reconnecting = false;
    })();
  }

  private async ensureChannel(link: Link): Promise<void> {
    const channel = link.channel;
    if (channel) {
      try {
        const topics = await channelSubscriptions(this.o.client, channel.id);
        if (!sameTopics(topics, link.topics)) await this.subscribe(link, channel);
        return;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        this.logger.info({}, 'genesys notifications: the channel expired or was removed; opening a new one');
      }
    }
    await this.newChannel(link);
  }

  private async closeLink(link: Link): Promise<void> {
    link.renewal?.abort();
    const ws = link.ws;
    link.ws = undefined;
    ws?.close(1000);
    // So the vendor stops pushing to a channel nobody reads (it would expire on its own anyway).
    if (link.channel) await clearSubscriptions(this.o.client, link.channel.id).catch(() => undefined);
  }
}

function chunks(topics: readonly string[]): string[][] {
  const unique = [...new Set(topics)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_TOPICS_PER_CHANNEL) out.push(unique.slice(i, i + MAX_TOPICS_PER_CHANNEL));
  return out.length > 0 ? out : [[]];
}

function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((t) => set.has(t));
}

/** Only wss:, except ws: on a loopback host (the emulator): the channel id in the URI is a capability. */
function checkConnectUri(uri: string): void {
  const url = new URL(uri);
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && isLoopbackHost(url.hostname)))
    throw new NotificationSocketError(`its address is not wss: (${url.protocol}), so it would not be private`);
}
