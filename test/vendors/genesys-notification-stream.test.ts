// ccpulse's Genesys notification client against the emulator over real HTTP and WebSocket, with a
// signed-in user's own token: it subscribes to the user's queues and agents, reads the pushes into
// the model, and recovers by itself from a dropped socket, an expired channel and the closing
// notice; a token that expires is refreshed on the next REST call while the socket stays up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authCodeClient, MemoryTokenStore, profileFor, refreshUserToken, TokenManager } from '../../src/auth/index.js';
import { type GenesysConfig, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, seedUser, startEmulator } from '../../src/emulator/index.js';
import { createApiClient } from '../../src/http/index.js';
import {
  type GenesysPush,
  NotificationStream,
  queueMembers,
  queueObservations,
  queueObservationTopic,
  readGenesysPush,
  toQueueSnapshots,
  userActivityTopic,
} from '../../src/vendors/genesys/index.js';
import { signInAs } from '../support/login-form.js';

const START = Date.UTC(2026, 2, 10, 14, 7, 30);
const clock = createManualClock(START);
let emulator: RunningEmulator;
let org: GenesysConfig;

before(async () => {
  emulator = await startEmulator({
    seed: 7,
    clock,
    // An hour-long token, so the test can let it expire; the heartbeat fast, so liveness shows.
    tokenLifetimeSeconds: { genesys: 3600 },
    notifications: { heartbeatMs: 200, tickMs: 20 },
  });
  org = parseConfig(emulator.env()).orgs.find((o) => o.vendor === 'genesys') as GenesysConfig;
});
after(() => emulator.close());

/** The user's API client, refreshing with their refresh token as the dashboard does. */
function userClient(username: string) {
  const tokens = new TokenManager({
    key: `test:${username}`,
    store: new MemoryTokenStore(),
    clock,
    obtain: async (current) =>
      current?.refreshToken
        ? refreshUserToken(await profileFor(org), authCodeClient(org), current.refreshToken, { clock })
        : signInAs(org, username, { clock }),
  });
  return { tokens, client: createApiClient({ vendor: 'genesys', baseUrl: org.apiUrl, tokens, clock }) };
}

/** A running stream of alice's topics that keeps every push read into the model. */
async function aliceStream(options: { renewBeforeMs?: number } = {}) {
  const { client, tokens } = userClient('alice');
  const queueIds = seedUser(emulator.org, 'alice').queueIds;
  const members = await queueMembers(client, org.name, queueIds[0] as string, { now: clock.now() });
  const pushes: GenesysPush[] = [];
  const waiters: (() => void)[] = [];
  let resyncs = 0;
  const stream = new NotificationStream({
    client,
    clock,
    topics: [...queueIds.map(queueObservationTopic), ...members.agents.map((a) => userActivityTopic(a.id))],
    onEvent: (topic, body) => {
      pushes.push(...readGenesysPush(org.name, topic, body, clock.now()));
      for (const w of waiters.splice(0)) w();
    },
    onResync: async () => {
      resyncs++;
    },
    heartbeatTimeoutMs: 1000,
    pongTimeoutMs: 500,
    reconnectDelayMs: { base: 20, max: 200 },
    ...options,
  });
  await stream.start();
  const waitFor = async (match: (p: GenesysPush) => boolean, timeoutMs = 4000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = pushes.find(match);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error('no matching push in time');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { stream, client, tokens, queueIds, members, pushes, waitFor, resyncs: () => resyncs };
}

const channelsOfAlice = () => {
  const alice = seedUser(emulator.org, 'alice').id;
  return emulator.notifications.channels().filter((c) => c.owner.endsWith(`:${alice}`));
};

/** Injects a waiting call and waits for the push that shows it. */
async function callStartsWaiting(s: Awaited<ReturnType<typeof aliceStream>>, queueId: string) {
  const before = s.pushes.length;
  emulator.injectConversation({ queueId, waitMs: 15 * 60_000 });
  return s.waitFor(
    (p) =>
      s.pushes.indexOf(p) >= before &&
      p.kind === 'observation' &&
      p.queueId === queueId &&
      p.result.data.some((d) => d.metric === 'oWaiting'),
  );
}

describe('the notification stream', () => {
  test("subscribes to the user's queues and agents and reads pushes into the model", async () => {
    const s = await aliceStream();
    try {
      const [channel] = channelsOfAlice();
      assert.equal(s.stream.channelCount, 1);
      assert.equal(channel?.topics.length, s.queueIds.length + s.members.agents.length);
      assert.ok(s.members.states.every((st) => st.since <= clock.now()));

      const queueId = s.queueIds[0] as string;
      const before = (await queueObservations(s.client, [queueId])).find((r) => r.group.mediaType);
      const push = await callStartsWaiting(s, queueId);
      assert.equal(push.kind, 'observation');
      const waitingBefore = before?.data.find((d) => d.metric === 'oWaiting')?.stats.count ?? 0;
      const [snap] = toQueueSnapshots(org.name, clock.now(), push.kind === 'observation' ? [push.result] : []);
      assert.equal(snap?.waiting, waitingBefore + 1);

      // The detail query says how long the oldest contact has waited.
      await clock.advance(90_000);
      const detailed = await queueObservations(s.client, [queueId], { detailMetrics: ['oWaiting'] });
      const [withWait] = toQueueSnapshots(org.name, clock.now(), detailed);
      assert.ok((withWait?.longestWaitMs ?? 0) >= 90_000);
    } finally {
      await s.stream.stop();
    }
    assert.deepEqual(channelsOfAlice().at(-1)?.topics, [], 'stopping clears the subscriptions');
  });

  test('a dropped socket reconnects to the same channel and resyncs', async () => {
    const s = await aliceStream();
    try {
      const channelId = channelsOfAlice().find((c) => c.connected)?.id;
      assert.ok(emulator.notifications.dropConnections() >= 1);
      await waitUntil(() => s.resyncs() === 1);
      assert.equal(
        channelsOfAlice().find((c) => c.connected)?.id,
        channelId,
        'the same channel, its subscriptions intact',
      );
      await callStartsWaiting(s, s.queueIds[1] as string);
    } finally {
      await s.stream.stop();
    }
  });

  test('an expired channel is replaced by a new one, then the state is re-read', async () => {
    // No renewal before expiry, so the channel really expires.
    const s = await aliceStream({ renewBeforeMs: -3600_000 });
    try {
      const first = channelsOfAlice().find((c) => c.connected)?.id;
      await clock.advance(24 * 3600_000 + 1000);
      await waitUntil(() => s.resyncs() >= 1);
      const now = channelsOfAlice().find((c) => c.connected);
      assert.ok(now && now.id !== first, 'a new channel');
      assert.equal(now.topics.length, s.queueIds.length + s.members.agents.length);
      await callStartsWaiting(s, s.queueIds[0] as string);
    } finally {
      await s.stream.stop();
    }
  });

  test('the channel is renewed before its 24 hours end', async () => {
    const s = await aliceStream();
    try {
      const channel = channelsOfAlice().find((c) => c.connected);
      await clock.advance(23 * 3600_000 + 60_000);
      await waitUntil(
        () => (channelsOfAlice().find((c) => c.id === channel?.id)?.expiresAt ?? 0) > START + 30 * 3600_000,
      );
      assert.equal(s.resyncs(), 0, 'a renewal is not a gap');
    } finally {
      await s.stream.stop();
    }
  });

  test('the closing notice moves the stream to a new channel without a gap', async () => {
    const s = await aliceStream();
    try {
      const first = channelsOfAlice().find((c) => c.connected)?.id;
      emulator.notifications.announceClosing({ graceMs: 300 });
      await waitUntil(() => channelsOfAlice().some((c) => c.connected && c.id !== first));
      await waitUntil(() => !channelsOfAlice().some((c) => c.connected && c.id === first));
      assert.equal(s.resyncs(), 0, 'the new channel was subscribed before the old socket closed');
      await callStartsWaiting(s, s.queueIds[0] as string);
    } finally {
      await s.stream.stop();
    }
  });

  test('an expired token is refreshed on the next REST call while the socket stays up', async () => {
    const s = await aliceStream();
    try {
      const channelId = channelsOfAlice().find((c) => c.connected)?.id;
      const refreshesBefore = s.tokens.stats.refreshes;
      await clock.advance(3600_000 + 1000);
      // The socket carries no token: pushes keep coming with the old one expired.
      await callStartsWaiting(s, s.queueIds[0] as string);
      // A resync after a drop goes through REST: the token manager refreshes first.
      emulator.notifications.dropConnections();
      await waitUntil(() => s.resyncs() === 1);
      assert.ok(s.tokens.stats.refreshes > refreshesBefore, 'the token was refreshed');
      assert.equal(channelsOfAlice().find((c) => c.connected)?.id, channelId, 'the channel was kept');
      await callStartsWaiting(s, s.queueIds[1] as string);
    } finally {
      await s.stream.stop();
    }
  });

  test('a silent socket (no heartbeat) is pinged and, without a pong, replaced', async () => {
    const s = await aliceStream();
    try {
      const channelId = channelsOfAlice().find((c) => c.connected)?.id;
      assert.ok(emulator.notifications.muteConnections() >= 1);
      const mutedAt = Date.now();
      await waitUntil(() => s.resyncs() === 1);
      // Silence (1 s) then the pong's wait (0.5 s): not before, and not much after.
      assert.ok(Date.now() - mutedAt >= 1400, `reconnected after ${Date.now() - mutedAt} ms`);
      assert.equal(channelsOfAlice().find((c) => c.connected)?.id, channelId);
      await callStartsWaiting(s, s.queueIds[0] as string);
    } finally {
      await s.stream.stop();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
