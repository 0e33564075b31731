// The CXone dashboard names every agent who worked the period, also one its live list (agents/states)
// does not have at that moment: agents/performance carries ids alone, and the Admin API's agent list
// names the rest — read only when such an id turns up, not on every window.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayStart, silentLogger } from '../../src/core/index.js';
import { cxoneLiveSource } from '../../src/dashboard/cxone-live.js';
import { LiveState } from '../../src/dashboard/live-state.js';
import { buildView, periodWindows } from '../../src/dashboard/live-view.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite } from '../support/cxone-suite.js';

const NOW = Date.UTC(2026, 10, 20, 11, 10);
const suite = cxoneSuite(31, 400, NOW);

const agentListReads = () =>
  suite.emulator.context.stats.apiRequests.filter((r) => r.vendor === 'cxone' && /\/agents$/.test(r.path)).length;

test('an agent who worked today but is not on the live list is named from the agent list, read once', async () => {
  const state = new LiveState('names');
  const source = cxoneLiveSource({
    org: suite.cxone,
    state,
    client: await clientFor(suite.cxone, { clock: suite.clock }),
    clock: suite.clock,
    logger: silentLogger,
    onGap: () => undefined,
  });
  await source.start();
  try {
    const window = { from: dayStart(NOW, 'UTC'), to: dayStart(NOW, 'UTC', 1), zone: 'UTC', step: 'half-hour' as const };
    const first = await source.readWindow(window);
    assert.equal(agentListReads(), 0, 'every agent who worked is on the live list: no agent list read');
    const worked = [...first.agents.keys()];
    assert.ok(worked.length > 0, 'agents handled contacts this morning');

    // One of them drops off the live list (as a logged-out agent can at CXone).
    const gone = worked[0] as string;
    state.agents.delete(gone);
    const second = await source.readWindow(window);
    assert.equal(agentListReads(), 1);
    const seeded = suite.emulator.org.users.find((u) => String(u.cxoneAgentId) === gone);
    assert.equal(second.agentNames?.get(gone), seeded?.name);

    const view = buildView(state, periodWindows('today', NOW, 'UTC'), 'UTC', [second], NOW);
    assert.equal(view.agents.find((a) => a.id === gone)?.name, seeded?.name);
    assert.ok(
      view.agents.every((a) => !/^Agent \d+$/.test(a.name)),
      'no agent by id alone',
    );

    await source.readWindow(window);
    assert.equal(agentListReads(), 1, 'named now: the list is not read again');
  } finally {
    await source.stop();
  }
});
