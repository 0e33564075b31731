// The emulator's Genesys Notifications API over real HTTP and a real WebSocket: channels belong to a
// user and OAuth client, a supervisor may subscribe to their own queues' topics and never another
// team's (refused like Genesys: 403 naming the permission, or per-topic Rejected with ignoreErrors),
// limits (20 channels, 1,000 topics), 24-hour life renewed by subscribing, heartbeats, ping/pong, the
// closing notice, and pushes in the vendor's shapes when the traffic changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, seedUser, startEmulator } from '../../src/emulator/index.js';
import { agentStatuses } from '../../src/emulator/traffic/agent-status.js';
import { LONGEST_CONVERSATION_MS } from '../../src/emulator/traffic/traffic.js';
import { assertGenesysError, call, userToken } from './genesys-api-wire.js';

const REDIRECT = 'http://127.0.0.1:8765/callback';
const START = Date.UTC(2026, 2, 10, 14, 7, 30);
const clock = createManualClock(START);
let emulator: RunningEmulator;
let alice: string;
let bob: string;

before(async () => {
  emulator = await startEmulator({
    seed: 5,
    clock,
    // Tokens outlive the test's clock jumps (the expiry test moves two days on).
    tokenLifetimeSeconds: { genesys: 7 * 86_400 },
    notifications: { heartbeatMs: 100, tickMs: 20 },
  });
  alice = await userToken(emulator, 'alice', REDIRECT);
  bob = await userToken(emulator, 'bob', REDIRECT);
});
after(() => emulator.close());

const queuesOf = (username: string) => seedUser(emulator.org, username).queueIds;
const observationTopic = (queueId: string) => `v2.analytics.queues.${queueId}.observations`;
const api = (token: string, method: string, path: string, body?: unknown) =>
  call(emulator.genesysUrl, token, method, path, body);

async function channel(token: string): Promise<{ id: string; connectUri: string; expires: string }> {
  const res = await api(token, 'POST', '/api/v2/notifications/channels');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { id: string; connectUri: string; expires: string };
}

/** A connected socket that keeps every message, with a wait for the first one matching. */
async function listen(connectUri: string) {
  const ws = new WebSocket(connectUri);
  const messages: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] =
    [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters])
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (match: (m: Record<string, unknown>) => boolean, timeoutMs = 3000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = messages.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('no matching message in time')), timeoutMs);
      waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  return { ws, messages, next, closed };
}

describe('channels and subscriptions', () => {
  test("alice subscribes to her queues' topics; bob's queues are refused like Genesys refuses them", async () => {
    const ch = await channel(alice);
    assert.match(ch.id, /^streaming-0-[0-9a-f]{32}$/);
    assert.equal(ch.connectUri, `${emulator.genesysUrl.replace('http', 'ws')}/channels/${ch.id}`);
    assert.equal(Date.parse(ch.expires), START + 24 * 3600_000);

    const mine = queuesOf('alice').map((id) => ({ id: observationTopic(id) }));
    const ok = await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, mine);
    assert.equal(ok.status, 200);
    assert.deepEqual(
      (ok.body.entities as { id: string; state: string }[]).map((e) => e.state),
      mine.map(() => 'Permitted'),
    );

    const bobs = queuesOf('bob')[0] as string;
    const refused = await api(alice, 'POST', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: observationTopic(bobs) },
    ]);
    assertGenesysError(refused, 403, 'missing.permissions');
    assert.match(String(refused.body.message), /analytics:queueObservation:view/);

    const partial = await api(
      alice,
      'POST',
      `/api/v2/notifications/channels/${ch.id}/subscriptions?ignoreErrors=true`,
      [{ id: observationTopic(bobs) }],
    );
    assert.equal(partial.status, 200);
    assert.deepEqual(partial.body.entities, [
      {
        id: observationTopic(bobs),
        state: 'Rejected',
        rejectionReason: 'Missing division permissions for the queue',
        missingPermissions: ['analytics:queueObservation:view'],
      },
    ]);

    // An agent of bob's team: alice may not follow their activity either.
    const bobsAgent = emulator.org.queues.find((q) => q.id === bobs)?.memberIds[0] as string;
    const agentRefused = await api(alice, 'POST', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: `v2.users.${bobsAgent}.activity` },
    ]);
    assert.equal(agentRefused.status, 403);

    const listed = await api(alice, 'GET', `/api/v2/notifications/channels/${ch.id}/subscriptions`);
    assert.deepEqual((listed.body.entities as { id: string }[]).map((e) => e.id).sort(), mine.map((t) => t.id).sort());
    // bob cannot see, change or even confirm alice's channel.
    assertGenesysError(
      await api(bob, 'GET', `/api/v2/notifications/channels/${ch.id}/subscriptions`),
      404,
      'not.found',
    );
    assertGenesysError(
      await api(bob, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [{ id: observationTopic(bobs) }]),
      404,
      'not.found',
    );
    const head = await fetch(`${emulator.genesysUrl}/api/v2/notifications/channels/${ch.id}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${bob}` },
    });
    assert.equal(head.status, 404);
  });

  test('combined topic names expand to their topics; unknown topics are a 400', async () => {
    const ch = await channel(alice);
    const [a, b] = queuesOf('alice') as [string, string];
    const res = await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: `v2.analytics.queues?${a}&${b}` },
    ]);
    assert.equal(res.status, 400, 'a combined queue prefix names no observations topic');
    const user = emulator.org.queues.find((q) => q.id === a)?.memberIds[0] as string;
    const combined = await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: `v2.users.${user}?activity` },
    ]);
    assert.equal(combined.status, 200);
    assert.deepEqual(combined.body.entities, [{ id: `v2.users.${user}.activity`, state: 'Permitted' }]);
    assertGenesysError(
      await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [{ id: 'v2.nothing.here' }]),
      400,
      'bad.request',
    );
  });

  test('at most 1,000 topics per channel', async () => {
    const ch = await channel(alice);
    const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `v2.users.user-${i}.activity` }));
    const tooMany = await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, topics(1001));
    assertGenesysError(tooMany, 400, 'bad.request');
    assert.match(String(tooMany.body.message), /at most 1000 topics/);
    const fits = await api(
      alice,
      'PUT',
      `/api/v2/notifications/channels/${ch.id}/subscriptions?ignoreErrors=true`,
      topics(1000),
    );
    assert.equal(fits.status, 200);
  });

  test('a 21st channel removes the least recently used one, unconnected channels first', async () => {
    const other = await userToken(emulator, 'dana', REDIRECT);
    const first = await channel(other);
    const connected = await listen(first.connectUri);
    const rest = [];
    for (let i = 0; i < 19; i++) rest.push(await channel(other));
    const listing = await api(other, 'GET', '/api/v2/notifications/channels');
    assert.equal((listing.body.entities as unknown[]).length, 20);
    await channel(other);
    // The oldest unconnected one went, not the connected first channel.
    assert.equal((await api(other, 'GET', `/api/v2/notifications/channels/${rest[0]?.id}/subscriptions`)).status, 404);
    assert.equal((await api(other, 'GET', `/api/v2/notifications/channels/${first.id}/subscriptions`)).status, 200);
    connected.ws.close();
    await connected.closed;
    // Channels belong to the user and app: a second token of dana's sees them exist, without their ids.
    const again = await userToken(emulator, 'dana', REDIRECT);
    const byClient = await api(again, 'GET', '/api/v2/notifications/channels?includechannels=oauthclient');
    const entries = byClient.body.entities as { id?: string }[];
    assert.equal(entries.length, 20);
    assert.ok(entries.every((e) => e.id === undefined));
    assert.ok(Array.isArray((await api(again, 'GET', '/api/v2/notifications/channels')).body.entities));
  });
});

describe('the socket', () => {
  test('heartbeats, ping/pong, and a push when a call starts waiting in a subscribed queue', async () => {
    const ch = await channel(alice);
    const queueId = queuesOf('alice')[0] as string;
    await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: observationTopic(queueId) },
    ]);
    const socket = await listen(ch.connectUri);
    const beat = await socket.next((m) => m.topicName === 'channel.metadata');
    assert.deepEqual(beat.eventBody, { message: 'WebSocket Heartbeat' });
    socket.ws.send(JSON.stringify({ message: 'ping' }));
    await socket.next((m) => (m.eventBody as { message?: string }).message === 'pong');
    assert.equal(
      socket.messages.filter((m) => m.topicName === observationTopic(queueId)).length,
      0,
      'subscribing pushes nothing: only changes are pushed',
    );

    const waitingNow = (m: Record<string, unknown>) => {
      const body = m.eventBody as {
        group?: { mediaType?: string };
        data?: { interval: string; metrics: { metric: string; stats: { count?: number } }[] }[];
      };
      return (
        m.topicName === observationTopic(queueId) &&
        body.group?.mediaType !== undefined &&
        body.data?.[0]?.metrics.some((x) => x.metric === 'oWaiting') === true
      );
    };
    const before = socket.messages.length;
    emulator.injectConversation({ queueId, waitMs: 10 * 60_000 });
    const pushed = await socket.next((m) => socket.messages.indexOf(m) >= before && waitingNow(m));
    const body = pushed.eventBody as {
      group: Record<string, string>;
      data: { interval: string; metrics: { metric: string; stats: { count: number } }[] }[];
    };
    const queue = emulator.org.queues.find((q) => q.id === queueId);
    assert.deepEqual(body.group, { queueId, mediaType: queue?.mediaType });
    const [from, to] = (body.data[0]?.interval ?? '').split('/');
    assert.equal(from, to, 'an observation is an instant');
    assert.equal(Date.parse(from ?? ''), clock.now());
    assert.equal(pushed.version, '2');
    assert.equal(typeof (pushed.metadata as { CorrelationId?: string }).CorrelationId, 'string');
    socket.ws.close();
  });

  test("an agent's routing status change arrives on their activity topic", async () => {
    const ch = await channel(alice);
    const agents = new Set(queuesOf('alice').flatMap((q) => emulator.org.queues.find((x) => x.id === q)?.memberIds));
    const agentId = [...agents][0] as string;
    await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: `v2.users.${agentId}.activity` },
    ]);
    const socket = await listen(ch.connectUri);
    // Find the next moment the agent's status changes, then move the clock there.
    const statusAt = (t: number) =>
      agentStatuses(
        emulator.org,
        emulator.context.traffic.conversationsStarting(t - LONGEST_CONVERSATION_MS, t + 1),
        t,
      ).get(agentId);
    const before = statusAt(clock.now());
    let t = clock.now();
    while (statusAt(t)?.status === before?.status) t += 15_000;
    await clock.advance(t - clock.now());
    const pushed = await socket.next((m) => m.topicName === `v2.users.${agentId}.activity`);
    const body = pushed.eventBody as { id: string; routingStatus: { status: string; startTime: string } };
    const now = statusAt(clock.now());
    assert.equal(body.id, agentId);
    assert.equal(body.routingStatus.status, now?.status);
    assert.equal(Date.parse(body.routingStatus.startTime), now?.since);
    socket.ws.close();
  });

  test('the closing notice, then the socket closes; the channel stays usable', async () => {
    const ch = await channel(alice);
    const socket = await listen(ch.connectUri);
    assert.ok(emulator.notifications.announceClosing({ graceMs: 50 }) >= 1);
    const notice = await socket.next((m) => m.topicName === 'v2.system.socket_closing');
    assert.equal((notice.eventBody as { channelId: string }).channelId, ch.id);
    assert.equal(await socket.closed, 1001);
    const again = await listen(ch.connectUri);
    again.ws.close();
  });

  test('a channel expires 24 h after its last subscription change; subscribing renews it', async () => {
    const ch = await channel(alice);
    const queueId = queuesOf('alice')[0] as string;
    await clock.advance(20 * 3600_000);
    const renewed = await api(alice, 'PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, [
      { id: observationTopic(queueId) },
    ]);
    assert.equal(renewed.status, 200);
    const socket = await listen(ch.connectUri);
    await clock.advance(20 * 3600_000);
    assert.equal((await api(alice, 'GET', `/api/v2/notifications/channels/${ch.id}/subscriptions`)).status, 200);
    await clock.advance(4 * 3600_000 + 1);
    assert.equal(await socket.closed, 1000, 'the expired channel closes its socket');
    assertGenesysError(
      await api(alice, 'GET', `/api/v2/notifications/channels/${ch.id}/subscriptions`),
      404,
      'not.found',
    );
    await assert.rejects(listen(ch.connectUri), /404/);
  });
});

describe('queue members', () => {
  test("a supervisor reads their queues' agents with routing status; another team's queue is not found", async () => {
    const queueId = queuesOf('alice')[0] as string;
    const res = await api(alice, 'GET', `/api/v2/routing/queues/${queueId}/members?expand=routingStatus,presence`);
    assert.equal(res.status, 200);
    const members = res.body.entities as {
      id: string;
      routingStatus: { status: string; startTime: string };
      user: { presence: { presenceDefinition: { systemPresence: string } } };
    }[];
    const queue = emulator.org.queues.find((q) => q.id === queueId);
    assert.deepEqual(members.map((m) => m.id).sort(), [...(queue?.memberIds ?? [])].sort());
    const statuses = agentStatuses(
      emulator.org,
      emulator.context.traffic.conversationsStarting(clock.now() - LONGEST_CONVERSATION_MS, clock.now() + 1),
      clock.now(),
    );
    for (const m of members) {
      assert.equal(m.routingStatus.status, statuses.get(m.id)?.status);
      assert.equal(Date.parse(m.routingStatus.startTime), statuses.get(m.id)?.since);
    }
    assert.equal('total' in res.body, false, 'QueueMemberEntityListing pages by nextUri only');
    const bobs = queuesOf('bob')[0] as string;
    assertGenesysError(await api(alice, 'GET', `/api/v2/routing/queues/${bobs}/members`), 404, 'not.found');
  });
});
