// CXone real-time reporting through the emulator with a signed-in supervisor's own token: agent
// states (real names, state and since when), skill activity (queue count, earliest queue time,
// agents by state) and active contacts — only the supervisor's skills and the agents on them — and
// `updatedSince` polls that return only what changed (204 when nothing did).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TokenProvider } from '../../src/auth/index.js';
import { type CxoneConfig, findOrg, parseConfig } from '../../src/config/index.js';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, seedUser, startEmulator } from '../../src/emulator/index.js';
import { agentStatuses } from '../../src/emulator/traffic/agent-status.js';
import { LONGEST_CONVERSATION_MS } from '../../src/emulator/traffic/traffic.js';
import { createApiClient } from '../../src/http/index.js';
import { activeContacts, agentStates, discoverCxoneApiBase, skillActivity } from '../../src/vendors/cxone/index.js';
import { signInAs } from '../support/login-form.js';

const START = Date.UTC(2026, 2, 10, 14, 7, 30);
const clock = createManualClock(START);
let emulator: RunningEmulator;
let cxone: CxoneConfig;

before(async () => {
  emulator = await startEmulator({ seed: 8, clock });
  cxone = findOrg(parseConfig(emulator.env()), 'cxone');
});
after(() => emulator.close());

async function clientOf(username: string) {
  const tokens = await signInAs(cxone, username, { clock });
  const provider: TokenProvider = { getToken: async () => tokens.accessToken.reveal(), invalidate: () => undefined };
  const { apiBase } = await discoverCxoneApiBase(cxone, 10_000);
  return createApiClient({ vendor: 'cxone', baseUrl: apiBase, tokens: provider, clock });
}

const skillsOf = (username: string) => {
  const user = seedUser(emulator.org, username);
  return emulator.org.queues.filter((q) => user.queueIds.includes(q.id));
};

describe('CXone real-time reporting', () => {
  test("agent states: the supervisor's agents with their names, state and since when", async () => {
    const client = await clientOf('alice');
    const read = await agentStates(client, 'default', { now: clock.now() });
    const skills = skillsOf('alice');
    const expected = emulator.org.users.filter((u) => skills.some((q) => q.memberIds.includes(u.id)));
    assert.deepEqual(read.rows.map((r) => r.agent.id).sort(), expected.map((u) => String(u.cxoneAgentId)).sort());
    const statuses = agentStatuses(
      emulator.org,
      emulator.context.traffic.conversationsStarting(clock.now() - LONGEST_CONVERSATION_MS, clock.now() + 1),
      clock.now(),
    );
    for (const u of expected) {
      const row = read.rows.find((r) => r.agent.id === String(u.cxoneAgentId));
      assert.equal(row?.agent.name, u.name, 'the real name, not "Agent 2006"');
      const status = statuses.get(u.id);
      const want = {
        IDLE: 'idle',
        INTERACTING: ['interacting', 'acw'],
        NOT_RESPONDING: 'off-queue',
        OFF_QUEUE: 'off-queue',
      }[status?.status ?? 'OFF_QUEUE'];
      assert.ok(
        [want].flat().includes(row?.state.state as string),
        `${u.name}: ${row?.state.state} vs ${status?.status}`,
      );
      assert.ok((row?.state.since ?? 0) <= clock.now());
    }
    assert.equal(read.pollTime, new Date(clock.now()).toISOString());

    // Asked again from that poll time at the same moment: nothing changed, 204, no rows.
    const again = await agentStates(client, 'default', { now: clock.now(), updatedSince: read.pollTime });
    assert.deepEqual(again, { rows: [], pollTime: undefined });
    // Later, only the agents whose state changed meanwhile.
    await clock.advance(10 * 60_000);
    const later = await agentStates(client, 'default', { now: clock.now(), updatedSince: read.pollTime });
    assert.ok(later.rows.length > 0 && later.rows.length < read.rows.length, `${later.rows.length} changed`);
    for (const r of later.rows) assert.ok(r.state.since > Date.parse(read.pollTime ?? ''));
  });

  test('skill activity: a call that starts waiting shows in the next poll, with the earliest queue time', async () => {
    const client = await clientOf('alice');
    const first = await skillActivity(client, 'default', { now: clock.now() });
    assert.deepEqual(
      first.rows.map((s) => s.snapshot.queueId).sort(),
      skillsOf('alice')
        .map((q) => String(q.skillId))
        .sort(),
    );
    const skill = skillsOf('alice')[0];
    const before = first.rows.find((s) => s.snapshot.queueId === String(skill?.skillId))?.snapshot;
    await clock.advance(1000);
    emulator.injectConversation({ queueId: skill?.id as string, waitMs: 20 * 60_000 });
    await clock.advance(45_000);
    const next = await skillActivity(client, 'default', { now: clock.now(), updatedSince: first.pollTime });
    const row = next.rows.find((s) => s.snapshot.queueId === String(skill?.skillId))?.snapshot;
    assert.ok(row, 'the skill changed, so it is in the delta');
    assert.ok(row.waiting >= 1);
    assert.ok((row.longestWaitMs ?? 0) >= 45_000);
    assert.ok(row.waiting >= (before?.waiting ?? 0));

    const contacts = await activeContacts(client, { now: clock.now() });
    const waiting = contacts.rows.filter((c) => c.state === 'InQueue' && c.skillId === String(skill?.skillId));
    assert.equal(waiting.length, row.waiting);
  });

  test("bob sees his skills only, never alice's", async () => {
    const client = await clientOf('bob');
    const read = await skillActivity(client, 'default', { now: clock.now() });
    const alices = new Set(skillsOf('alice').map((q) => String(q.skillId)));
    assert.ok(read.rows.length > 0);
    assert.ok(read.rows.every((r) => !alices.has(r.snapshot.queueId)));
    const contacts = await activeContacts(client, { now: clock.now() });
    assert.ok(contacts.rows.every((c) => !alices.has(c.skillId ?? '')));
    const agents = await agentStates(client, 'default', { now: clock.now() });
    const alicesAgents = new Set(
      skillsOf('alice')
        .flatMap((q) => q.memberIds)
        .filter((id) => !skillsOf('bob').some((q) => q.memberIds.includes(id)))
        .map((id) => String(emulator.org.users.find((u) => u.id === id)?.cxoneAgentId)),
    );
    assert.ok(agents.rows.every((r) => !alicesAgents.has(r.agent.id)));
  });
});
