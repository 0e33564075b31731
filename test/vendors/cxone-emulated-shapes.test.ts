// The emulator answers in CXone's shapes (issue #11 items 4, 6, 8): media type names and ids, an
// outbound skill beside the inbound ones, dispositions by id with their names in the dispositions list,
// API v33's renamed contact fields — and the client reads them into the model; unmapped
// CXONE_API_VERSION values are refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CxoneConfig } from '../../src/config/index.js';
import { conversationsBetween } from '../../src/emulator/traffic/traffic.js';
import type { Conversation } from '../../src/model/index.js';
import {
  CxoneApiVersionError,
  completedContactPages,
  listCxoneAgents,
  skillSummaryIntervals,
} from '../../src/vendors/cxone/index.js';
import { clientFor } from '../support/connect-client.js';
import { cxoneSuite } from '../support/cxone-suite.js';
import { runCli } from '../support/run-cli.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 15);
const suite = cxoneSuite(23, 300);

const iso = (ms: number) => new Date(ms).toISOString();

async function contacts(org: CxoneConfig, since: number): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const page of completedContactPages(await clientFor(org, { clock: suite.clock }), 'default', since, {
    now: NOW,
  }))
    out.push(...page);
  return out;
}

describe('CXone shapes on the emulator', () => {
  test('agents (Admin API): every seeded person by agent id, in skip/top pages, 204 past the end; the client names them', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const page = (skip: number, top: number) => client.request({ method: 'GET', path: 'agents', query: { skip, top } });
    const first = await page(0, 2);
    const rows = (first.data as { agents: Record<string, unknown>[] }).agents;
    assert.equal(rows.length, 2);
    for (const key of [
      'agentId',
      'userName',
      'firstName',
      'lastName',
      'emailAddress',
      'isActive',
      'teamId',
      'lastUpdated',
    ])
      assert.ok(key in (rows[0] ?? {}), key);
    const past = await page(suite.emulator.org.users.length, 2);
    assert.equal(past.status, 204, 'an empty page is No Content');

    const agents = await listCxoneAgents(client, 'default');
    assert.deepEqual(
      agents.map((a) => [a.id, a.name]).sort(),
      suite.emulator.org.users.map((u) => [String(u.cxoneAgentId), u.name]).sort(),
    );
  });

  test('skills/summary: real media names and ids, an outbound skill the client does not count as a queue', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const { data } = await client.request({
      method: 'GET',
      path: 'skills/summary',
      query: { startDate: iso(NOW - DAY), endDate: iso(NOW) },
    });
    const rows = (data as { skillSummaries: Record<string, string>[] }).skillSummaries;
    const media = new Set(rows.map((r) => `${r.mediaTypeId} ${r.mediaTypeName}`));
    assert.deepEqual([...media].sort(), ['1 E-Mail', '3 Chat', '4 Phone Call']);
    const outbound = rows.filter((r) => r.isOutbound === 'True');
    assert.equal(outbound.length, 1);
    assert.ok(Number(outbound[0]?.contactsOffered) > 0, 'the dialer dialled');
    assert.ok(rows.every((r) => r.isOutbound === 'True' || r.isOutbound === 'False'));

    const intervals = await skillSummaryIntervals(client, 'default', NOW - DAY, NOW);
    assert.equal(intervals.length, suite.emulator.org.queues.length);
    assert.ok(!intervals.some((i) => i.queueId === outbound[0]?.skillId));
    const ended = conversationsBetween(suite.emulator.context.traffic, NOW - DAY, NOW, NOW);
    assert.equal(
      intervals.reduce((s, i) => s + i.offered, 0),
      ended.length,
      'offered counts inbound contacts only',
    );
    for (const i of intervals) {
      const queue = suite.emulator.org.queues.find((q) => String(q.skillId) === i.queueId);
      assert.equal(i.mediaType, queue?.mediaType);
    }
  });

  test('completed contacts carry disposition ids only; the client names them from the dispositions list', async () => {
    const client = await clientFor(suite.cxone, { clock: suite.clock });
    const { data } = await client.request({
      method: 'GET',
      path: 'contacts/completed',
      query: { updatedSince: iso(NOW - 3600_000) },
    });
    const rows = (data as { completedContacts: Record<string, unknown>[] }).completedContacts;
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => typeof r.primaryDispositionId === 'number' && !('dispositionName' in r)));
    assert.ok(rows.every((r) => typeof r.mediaType === 'number' && typeof r.mediaTypeName === 'string'));

    const read = await contacts(suite.cxone, NOW - DAY);
    const expected = new Map(
      conversationsBetween(suite.emulator.context.traffic, NOW - 7 * DAY, NOW, NOW).map((c) => [c.id, c.wrapUpCode]),
    );
    const named = read.filter((c) => c.wrapUpCode !== undefined);
    assert.ok(named.length > 50, `${named.length} contacts with a disposition`);
    for (const c of read) assert.equal(c.wrapUpCode, expected.get(c.id), c.id);
  });

  test('API v33: contactStartDate, fromAddress, toAddress instead of the classic names; the same contacts read', async () => {
    const v33: CxoneConfig = { ...suite.cxone, apiVersion: '33.0' };
    const client = await clientFor(v33, { clock: suite.clock });
    const { data } = await client.request({
      method: 'GET',
      path: 'contacts/completed',
      query: { updatedSince: iso(NOW - 3600_000) },
    });
    const row = (data as { completedContacts: Record<string, unknown>[] }).completedContacts[0];
    assert.ok(row && 'contactStartDate' in row && 'fromAddress' in row && !('contactStart' in row));
    assert.deepEqual(await contacts(v33, NOW - DAY), await contacts(suite.cxone, NOW - DAY));
  });

  test('an API version ccpulse does not map is refused with the fix, before any request', async () => {
    await assert.rejects(
      clientFor({ ...suite.cxone, apiVersion: '40.0' }, { clock: suite.clock }),
      CxoneApiVersionError,
    );
    const run = runCli(['query', 'cxone', 'conversations'], { ...suite.emulator.env(), CXONE_API_VERSION: '40.0' });
    const { code, stderr } = await run.done;
    assert.equal(code, 2, run.output());
    assert.match(stderr, /CXONE_API_VERSION 40\.0 is not a CXone API version ccpulse maps \(21\.0 to 33\.0\)/);
    assert.match(stderr, /fix: Set CXONE_API_VERSION/);
  });
});
