// The CXone contacts stream against CXone's real answers: a cycle in which no contact changed gets
// 204 No Content and is a successful run with no rows (issue #11 item 1); one after a stop of more than
// CXone's 30 days reads what it still can and says loudly what it could not (item 2). The directory
// stream lists CXone's agents, so the agent ids of its reports have names in the views and reports.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from '../../src/core/index.js';
import { syncCycle, syncSuite } from './sync-fixture.js';

const DAY = 86_400_000;
const suite = syncSuite({ seed: 12 });

describe('CXone contacts stream', () => {
  test('a cycle with no changed contacts is a successful run with no rows', async () => {
    // From a moment in the quiet span: nothing was updated after it.
    const outcomes = await syncCycle(suite.env, suite.sink, {
      backfillFrom: suite.env.now + 2000,
      until: suite.env.now,
    });
    const contacts = outcomes.find((o) => o.stream.endsWith(':contacts') && o.stream.startsWith('cxone:'));
    assert.ok(contacts, outcomes.map((o) => o.stream).join());
    assert.equal(contacts.error, undefined);
    assert.equal(contacts.rows, 0);
  });

  test('a daemon stopped for more than 30 days: resumes from 30 days ago, warns once naming the unread span', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const stream = 'cxone:default:contacts';
    const stopped = suite.env.now - 35 * DAY;
    await suite.sink.writeBatch({ checkpoint: { stream, value: { watermark: stopped } } });
    const outcomes = await syncCycle(
      suite.env,
      suite.sink,
      { backfillFrom: suite.env.now, until: suite.env.now },
      { logger },
    );
    const contacts = outcomes.find((o) => o.stream === stream);
    assert.equal(contacts?.error, undefined);
    assert.ok((contacts?.rows ?? 0) > 0, 'the last 30 days were read');
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; unreadFrom?: string; unreadUntil?: string });
    const gap = warnings.find((w) => w.unreadFrom);
    assert.ok(gap, lines.join('\n'));
    assert.equal(gap.unreadFrom, new Date(stopped - 1000).toISOString());
    assert.match(gap.msg, /NOT synced.*30 days.*ccpulse query cxone interactions --from/);
    // Once: the next cycle starts inside the 30 days and says nothing more.
    lines.length = 0;
    await syncCycle(suite.env, suite.sink, { backfillFrom: suite.env.now, until: suite.env.now }, { logger });
    assert.deepEqual(
      lines.filter((l) => l.includes('unreadFrom')),
      [],
    );
  });
});

describe('CXone directory stream', () => {
  test('agents are listed: every agent of agent-intervals has its name in v_agent_intervals', async () => {
    const outcomes = await syncCycle(suite.env, suite.sink, {
      backfillFrom: suite.env.now - 6 * 3600_000,
      until: suite.env.now,
    });
    const directory = outcomes.find((o) => o.stream === 'cxone:default:directory');
    assert.equal(directory?.rows, suite.env.emulator.org.users.length);
    const names = new Map(suite.env.emulator.org.users.map((u) => [String(u.cxoneAgentId), u.name]));
    const rows: Record<string, unknown>[] = [];
    for await (const page of suite.sink.rows({
      relation: 'v_agent_intervals',
      where: [{ column: 'vendor', op: '=', value: 'cxone' }],
    }))
      rows.push(...page);
    assert.ok(rows.length > 0, 'agents worked in those hours');
    for (const r of rows) assert.equal(r.agent_name, names.get(String(r.agent_id)), String(r.agent_id));
  });
});
