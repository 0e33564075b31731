import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { setCxoneLimits } from '../../src/emulator/cxone/reporting-limits.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';

const DAY = 86_400_000;
// A whole day two days before the real one, and the emulator standing at 15:00 the day after it:
// the CLI reckons CXone's 30-day reach on the real clock, so a fixed date would be out of reach (no
// contacts) 30 days on. The hour stays fixed: the traffic around it is an afternoon's.
const DAY_READ = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const FROM = new Date(DAY_READ).toISOString().slice(0, 10);
const clock = createManualClock(DAY_READ + DAY + 15 * 3600_000);
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ seed: 14, clock, conversationsPerDay: 800 });
  // The emulator's clock stands still while the CLI polls in real time: let jobs finish at once.
  setCxoneLimits(emulator.context, { extractionJobMs: 0 });
});
after(() => emulator.close());

async function query(...args: string[]) {
  const run = runCli(['query', ...args], { ...emulator.env(), CCPULSE_TIMEZONE: 'UTC' });
  const result = await run.done;
  return { ...result, output: run.output() };
}

async function jsonRows<T>(...args: string[]): Promise<T[]> {
  const { code, stdout, output } = await query('cxone', ...args, '--from', FROM, '--format', 'json');
  assert.equal(code, 0, output);
  return JSON.parse(stdout) as T[];
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

describe('ccpulse query cxone: agent, SLA, team and extraction reports', () => {
  test('agent-intervals, team-performance, service-levels and interactions tell one story for a day', async () => {
    const [agents, teams, levels, interactions, skills] = await Promise.all([
      jsonRows<{ agent_id: string; handled: number; handle_s: number }>('agent-intervals'),
      jsonRows<{ team_id: string; handled: number }>('team-performance'),
      jsonRows<{ queue_id: string; within_sl: number; sl_counted: number; service_level: number }>('service-levels'),
      jsonRows<{ conversation_id: string; agent_id: string; queue_name: string }>('interactions'),
      jsonRows<{ queue_id: string; queue_name: string; offered: number; answered: number }>('queue-intervals'),
    ]);
    const handled = sum(skills, (s) => s.answered);
    assert.ok(handled > 300, `${handled} handled`);
    assert.equal(
      sum(agents, (a) => a.handled),
      handled,
      'agents handled what the skills answered',
    );
    assert.equal(
      sum(teams, (t) => t.handled),
      handled,
      'teams sum their agents',
    );
    assert.equal(interactions.length, handled, 'one extracted interaction per handled contact');
    assert.equal(new Set(interactions.map((i) => i.conversation_id)).size, interactions.length);
    for (const a of agents.filter((x) => x.handled > 0))
      assert.equal(interactions.filter((i) => i.agent_id === a.agent_id).length, a.handled, `agent ${a.agent_id}`);
    assert.deepEqual(levels.map((l) => l.queue_id).sort(), skills.map((s) => s.queue_id).sort());
    assert.equal(
      sum(levels, (l) => l.sl_counted),
      sum(skills, (s) => s.offered),
    );
    assert.ok(levels.every((l) => typeof l.service_level === 'number' && l.service_level >= 0 && l.service_level <= 1));
    // Names beside ids, as `ccpulse report` prints them.
    assert.ok(skills.every((s) => typeof s.queue_name === 'string' && s.queue_name.length > 0));
  });

  test('agents, and the agent names of agent-intervals and conversations, come from the agent list', async () => {
    const [agents, intervals, contacts] = await Promise.all([
      jsonRows<{ agent_id: string; agent_name: string }>('agents'),
      jsonRows<{ agent_id: string; agent_name: string | null }>('agent-intervals'),
      jsonRows<{ agent_id: string | null; agent_name: string | null }>('conversations'),
    ]);
    const seeded = new Map(emulator.org.users.map((u) => [String(u.cxoneAgentId), u.name]));
    assert.deepEqual(new Map(agents.map((a) => [a.agent_id, a.agent_name])), seeded);
    assert.ok(intervals.length > 0 && contacts.some((c) => c.agent_id));
    for (const r of [...intervals, ...contacts.filter((c) => c.agent_id)])
      assert.equal(r.agent_name, seeded.get(String(r.agent_id)), String(r.agent_id));
  });

  test('the CSV of service-levels has a header and one line per skill', async () => {
    const { code, stdout, output } = await query('cxone', 'service-levels', '--from', FROM, '--format', 'csv');
    assert.equal(code, 0, output);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'period_start,period_end,vendor,org,queue_id,queue_name,within_sl,sl_counted,service_level');
    assert.equal(lines.length, 1 + emulator.org.queues.length);
  });

  test('agent-intervals over more than 31 days is read in pieces CXone accepts (31 + 30 days)', async () => {
    const asked = () => emulator.context.stats.apiRequests.filter((r) => r.path.endsWith('/agents/performance'));
    const before = asked().length;
    const { code, output } = await query('cxone', 'agent-intervals', '--from', '2026-09-01', '--to', '2026-11-01');
    assert.equal(code, 0, output);
    assert.deepEqual(
      asked()
        .slice(before)
        .map((r) => r.status),
      [200, 200],
    );
  });

  test('a CXone-only report asked of Genesys says which reports Genesys has', async () => {
    const { code, stderr } = await query('genesys', 'agent-intervals', '--from', FROM);
    assert.equal(code, 2, 'a usage mistake is exit 2');
    assert.match(stderr, /Genesys Cloud has no 'agent-intervals' report \(it is cxone's\)/);
    assert.match(stderr, /fix: For Genesys Cloud use queue-intervals, conversations, live, queues, agents;/);
  });
});
