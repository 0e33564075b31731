// CXone mappers on vendor-shaped fixtures (test/fixtures/vendor/cxone; the README there names each
// shape's source), not on what our emulator generates: issue #11 items 4, 5, 6 and 8.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  queueSkills,
  toAgent,
  toAgentInterval,
  toConversation,
  toQueueInterval,
  toTeamPerformance,
} from '../../src/vendors/cxone/index.js';
import {
  agentList,
  completedContacts,
  dispositionList,
  skillSummaries,
  teamPerformanceTotal,
} from '../../src/vendors/cxone/schemas.js';
import { vendorFixture } from '../support/vendor-fixture.js';

const FROM = Date.UTC(2026, 10, 18);
const TO = Date.UTC(2026, 10, 19);

describe('CXone mappers on vendor-shaped payloads', () => {
  test('skills/summary: media by mediaTypeId ("Phone Call" 4, "E-Mail" 1); outbound skills are no queue intervals', () => {
    const rows = skillSummaries.parse(vendorFixture('cxone/skills-summary.json')).skillSummaries;
    assert.equal(rows.length, 3);
    const intervals = queueSkills(rows).map((s) => toQueueInterval('t', FROM, TO, s));
    assert.deepEqual(
      intervals.map((i) => [i.queueId, i.mediaType]),
      [
        ['9100001', 'voice'],
        ['9100003', 'email'],
      ],
    );
    // The dialer's 640 dials are not contacts offered to a queue.
    assert.equal(
      intervals.reduce((s, i) => s + i.offered, 0),
      120 + 57,
    );
    const voice = intervals[0];
    assert.ok(voice);
    // Talk includes hold at CXone (312 = 251 + 61): the model's talk is without the skill's 1,830 s of hold.
    assert.equal(voice.handleMs, 312 * 114 * 1000);
    assert.equal(voice.holdMs, 1830 * 1000);
    assert.equal(voice.talkMs, 251 * 114 * 1000 - 1830 * 1000);
    assert.equal(voice.talkMs + voice.holdMs + voice.acwMs, voice.handleMs);
    assert.equal(voice.serviceLevelNumerator, 99);
    assert.equal(voice.serviceLevelDenominator, 120);
  });

  test('teams/performance-total: handle is talk + after-call work, not inboundTime + outboundTime', () => {
    const rows = teamPerformanceTotal.parse(vendorFixture('cxone/teams-performance-total.json')).teamPerformanceTotal;
    const [idle, team] = rows.map((r) => toTeamPerformance('t', FROM, TO, r));
    assert.ok(idle && team);
    assert.equal(idle.handleMs, 0);
    // 27,786.150 s talk + 17,956.379 s after-call work; totalAvgHandleTime PT7M15.643S × 105 agrees.
    assert.equal(team.handleMs, 27_786_150 + 17_956_379);
    assert.ok(Math.abs(team.handleMs - 435_643 * 105) < 105, `${team.handleMs}`);
    assert.equal(team.talkMs, 27_786_150);
    assert.equal(team.acwMs, 17_956_379);
    assert.equal(team.holdMs, 0, 'CXone sends no hold: it is inside the talk time');
    assert.equal(team.handled, 105);
    // The same fields read the same way from an agents/performance row.
    const raw = rows[1];
    assert.ok(raw);
    const agent = toAgentInterval('t', FROM, TO, { ...raw, agentId: 8800101 });
    assert.equal(agent.handleMs, team.handleMs);
  });

  test('completed contacts: disposition ids named through the dispositions list; media by id; v33 field names', () => {
    const { completedContacts: rows } = completedContacts.parse(vendorFixture('cxone/completed-contacts.json'));
    const names = new Map(
      dispositionList
        .parse(vendorFixture('cxone/dispositions.json'))
        .dispositions.map((d) => [d.dispositionId, d.dispositionName]),
    );
    const contacts = rows.map((c) => toConversation('t', c, names));
    assert.deepEqual(
      contacts.map((c) => [c.id, c.mediaType, c.wrapUpCode, c.answered, c.agentIds]),
      [
        ['700000000101', 'voice', 'Renewal - Quoted', true, ['8800101']],
        ['700000000102', 'voice', undefined, false, []],
        ['700000000103', 'email', 'Resolved', true, ['8800102']],
      ],
    );
    assert.equal(contacts[0]?.ani, '5551230101');
    assert.equal(contacts[0]?.handleMs, (287 + 42) * 1000);
    // Without the list (a token that may not read it) the id stays visible rather than nothing.
    assert.equal(toConversation('t', rows[0] as (typeof rows)[0]).wrapUpCode, '#1073741901');

    // API v33 renamed contactStart, fromAddr and toAddr: the same contact reads the same.
    const v33 = vendorFixture<{ completedContacts: Record<string, unknown>[] }>('cxone/completed-contacts.json');
    for (const c of v33.completedContacts) {
      c.contactStartDate = c.contactStart;
      c.fromAddress = c.fromAddr;
      c.toAddress = c.toAddr;
      delete c.contactStart;
      delete c.fromAddr;
      delete c.toAddr;
    }
    const renamed = completedContacts.parse(v33).completedContacts.map((c) => toConversation('t', c, names));
    assert.deepEqual(renamed, contacts);
  });
  test('agents list (Admin API): ids named by first and last name, else the login name; inactive agents kept', () => {
    const rows = agentList.parse(vendorFixture('cxone/agents.json')).agents;
    assert.deepEqual(
      rows.map((r) => toAgent('t', r)),
      [
        { vendor: 'cxone', org: 't', id: '7310021', name: 'Miriam Okafor', email: 'm.okafor@tenant.example' },
        { vendor: 'cxone', org: 't', id: '7310002', name: 'Li Huang', email: 'l.huang@tenant.example' },
        // No name on the row (a system user): its login name, and no empty e-mail.
        { vendor: 'cxone', org: 't', id: '7310040', name: 'ivr.overflow@tenant.example', email: undefined },
      ],
    );
    // isActive arrives as 1/0 in the tap's schema, as "true" in NICE's own request bodies.
    assert.deepEqual(
      rows.map((r) => r.isActive),
      [true, true, false],
    );
  });
});
