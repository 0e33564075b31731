// The emulator's Genesys analytics, routing and users APIs over real HTTP with tokens from its own
// /oauth/token: shapes, paging to the end, validation errors, async jobs, live observations,
// permissions (403) and what a supervisor's own token may see.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../src/core/index.js';
import { type RunningEmulator, seedUser, startEmulator } from '../../src/emulator/index.js';
import { conversationsBetween, conversationsInProgress } from '../../src/emulator/traffic/traffic.js';
import { assertGenesysError, call, clientToken, userToken } from './genesys-api-wire.js';

const NOW = Date.UTC(2026, 10, 20, 15, 7);
const DAY_START = Date.UTC(2026, 10, 19);
const DAY_END = Date.UTC(2026, 10, 20);
const DAY = `${new Date(DAY_START).toISOString()}/${new Date(DAY_END).toISOString()}`;
const REDIRECT = 'http://127.0.0.1:9/api-test-callback';
const clock = createManualClock(NOW);
let emulator: RunningEmulator;
let token: string;
const api = (method: string, path: string, body?: unknown, as = token) =>
  call(emulator.genesysUrl, as, method, path, body);

before(async () => {
  emulator = await startEmulator({
    seed: 21,
    clock,
    conversationsPerDay: 1500,
    redirectUris: { genesys: [REDIRECT] },
    // Limits have their own test; here many calls share one clock minute.
    rateLimits: { clientPerMinute: 1_000_000, userPerMinute: 1_000_000 },
  });
  token = await clientToken(emulator);
});
after(() => emulator.close());

interface DetailRecord {
  conversationId: string;
  conversationStart: string;
  conversationEnd: string;
  participants: {
    purpose: string;
    userId?: string;
    sessions: {
      sessionId: string;
      segments: { segmentType: string; queueId?: string; wrapUpCode?: string }[];
      metrics?: { name: string; value: number; emitDate: string }[];
    }[];
  }[];
}

/** Every page of a details query, pageSize 100, until a page comes back empty. */
async function allDetails(body: Record<string, unknown>, as = token) {
  const records: DetailRecord[] = [];
  const totals: number[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const res = await api(
      'POST',
      '/api/v2/analytics/conversations/details/query',
      {
        ...body,
        paging: { pageSize: 100, pageNumber },
      },
      as,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    totals.push(Number(res.body.totalHits));
    const page = (res.body.conversations as DetailRecord[] | undefined) ?? [];
    if (page.length === 0) break;
    assert.ok(page.length <= 100);
    records.push(...page);
  }
  return { records, totals };
}

const queueOf = (r: DetailRecord) =>
  r.participants.find((p) => p.purpose === 'acd')?.sessions[0]?.segments[0]?.queueId ?? '';

describe('Genesys analytics API (emulated) over HTTP', () => {
  test('details: pages of ≤100 to the end, each conversation once, ended by now, in start order, with full participants', async () => {
    const { records, totals } = await allDetails({ interval: DAY, order: 'asc', orderBy: 'conversationStart' });
    const expected = conversationsBetween(emulator.context.traffic, DAY_START, DAY_END, NOW);
    assert.ok(records.length > 1000);
    assert.deepEqual(
      records.map((r) => r.conversationId),
      expected.map((c) => c.id),
    );
    assert.ok(
      totals.every((t) => t === records.length),
      'totalHits stable while nothing arrives',
    );
    const starts = records.map((r) => Date.parse(r.conversationStart));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    for (const r of records) {
      assert.ok(Date.parse(r.conversationEnd) <= NOW);
      const purposes = r.participants.map((p) => p.purpose);
      assert.deepEqual(purposes.slice(0, 2), ['customer', 'acd']);
      for (const p of r.participants) for (const s of p.sessions) assert.match(s.sessionId, /^[0-9a-f-]{36}$/);
    }
    const answered = records.find((r) => r.participants.some((p) => p.purpose === 'agent'));
    const agent = answered?.participants.find((p) => p.purpose === 'agent');
    assert.deepEqual(
      agent?.sessions[0]?.segments.map((s) => s.segmentType).filter((t) => t !== 'hold'),
      ['alert', 'interact', 'wrapup'],
    );
    assert.ok(agent?.sessions[0]?.metrics?.some((m) => m.name === 'tHandle'));
  });

  test('details: queue and media filters, descending order, and 400s for bad paging, ordering and intervals', async () => {
    const queue = emulator.org.queues[2];
    assert.ok(queue);
    const filtered = await allDetails({
      interval: DAY,
      order: 'desc',
      segmentFilters: [{ type: 'or', predicates: [{ dimension: 'queueId', value: queue.id }] }],
    });
    assert.ok(filtered.records.length > 0 && filtered.records.every((r) => queueOf(r) === queue.id));
    const starts = filtered.records.map((r) => Date.parse(r.conversationStart));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
    const email = await allDetails({
      interval: DAY,
      conversationFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'email' }] }],
    });
    const emailQueues = new Set(emulator.org.queues.filter((q) => q.mediaType === 'email').map((q) => q.id));
    assert.ok(email.records.length > 0 && email.records.every((r) => emailQueues.has(queueOf(r))));

    const bad = [
      { interval: DAY, paging: { pageSize: 101, pageNumber: 1 } },
      { interval: DAY, paging: { pageSize: 10, pageNumber: 0 } },
      { interval: DAY, orderBy: 'agentName' },
      { interval: '2026-11-20T00:00:00Z/2026-11-19T00:00:00Z' },
      { interval: 'yesterday' },
      {},
    ];
    for (const body of bad)
      assertGenesysError(await api('POST', '/api/v2/analytics/conversations/details/query', body), 400, 'bad.request');
    assertGenesysError(
      await api('POST', '/api/v2/analytics/conversations/details/query', '{"interval":'),
      400,
      'bad.request',
    );
  });

  test('details: data arriving while paging shifts the pages; a late wrap-up code appears once the clock passes it', async () => {
    const recent = `${new Date(NOW - 2 * 3600_000).toISOString()}/${new Date(NOW + 3600_000).toISOString()}`;
    const query = (pageNumber: number) =>
      api('POST', '/api/v2/analytics/conversations/details/query', {
        interval: recent,
        order: 'desc',
        paging: { pageSize: 25, pageNumber },
      });
    const first = await query(1);
    await clock.advance(20 * 60_000);
    try {
      const again = await query(1);
      assert.ok(Number(again.body.totalHits) > Number(first.body.totalHits), 'conversations ended meanwhile');
      const ids = (r: typeof first) => (r.body.conversations as DetailRecord[]).map((c) => c.conversationId);
      assert.notDeepEqual(ids(again), ids(first), 'page 1 moved');
    } finally {
      await clock.set(NOW);
    }

    const late = emulator.context.traffic
      .conversationsStarting(DAY_START, DAY_END)
      .find((c) => c.end < NOW && c.wrapUpAt > NOW);
    assert.ok(late, 'a conversation whose wrap-up code arrives after now');
    const wrapUpOf = async () => {
      const res = await api('POST', '/api/v2/analytics/conversations/details/query', {
        interval: `${new Date(late.start).toISOString()}/${new Date(late.start + 1000).toISOString()}`,
        segmentFilters: [{ type: 'and', predicates: [{ dimension: 'queueId', value: late.queueId }] }],
      });
      const record = (res.body.conversations as DetailRecord[]).find((c) => c.conversationId === late.id);
      assert.ok(record);
      const agent = record.participants.find((p) => p.purpose === 'agent');
      return agent?.sessions[0]?.segments.find((s) => s.segmentType === 'wrapup')?.wrapUpCode;
    };
    assert.equal(await wrapUpOf(), undefined);
    await clock.set(late.wrapUpAt);
    try {
      assert.equal(await wrapUpOf(), late.wrapUpCode);
    } finally {
      await clock.set(NOW);
    }
  });

  test('aggregates: the shape Genesys sends, and per queue they equal the detail metrics emitted that day (emitDate)', async () => {
    const res = await api('POST', '/api/v2/analytics/conversations/aggregates/query', {
      interval: DAY,
      granularity: 'PT30M',
      groupBy: ['queueId'],
      metrics: ['nOffered', 'nConnected', 'tAbandon', 'tHandle', 'tTalk', 'tAcw', 'tHeld', 'oServiceLevel'],
    });
    assert.equal(res.status, 200);
    const results = res.body.results as {
      group: { queueId: string };
      data: { interval: string; metrics: { metric: string; stats: Record<string, number> }[] }[];
    }[];
    assert.equal(results.length, emulator.org.queues.length);
    const sums = new Map<string, number>();
    for (const r of results)
      for (const d of r.data) {
        assert.match(d.interval, /^\d{4}-\d\d-\d\dT\d\d:(00|30):00Z\/\d{4}-\d\d-\d\dT\d\d:(00|30):00Z$/);
        for (const m of d.metrics) {
          const key = `${r.group.queueId}|${m.metric}`;
          sums.set(key, (sums.get(key) ?? 0) + ((m.metric.startsWith('n') ? m.stats.count : m.stats.sum) ?? 0));
          if (m.metric.startsWith('t')) assert.ok(m.stats.min !== undefined && m.stats.max !== undefined);
          if (m.metric === 'oServiceLevel') assert.ok(m.stats.ratio !== undefined && m.stats.target !== undefined);
        }
      }
    // A metric counts in the day it is emitted: conversations started up to three days before (the
    // longest one) can be answered or handled in it. Each is offered at its start, all ended or not.
    const { records } = await allDetails({
      interval: `${new Date(DAY_START - 3 * 86_400_000).toISOString()}/${new Date(DAY_END).toISOString()}`,
    });
    const fromDetails = new Map<string, number>();
    for (const r of records)
      for (const p of r.participants)
        for (const m of p.sessions.flatMap((s) => s.metrics ?? [])) {
          if (!['nConnected', 'tAbandon', 'tHandle', 'tTalk', 'tAcw', 'tHeld'].includes(m.name)) continue;
          const at = Date.parse(m.emitDate);
          if (at < DAY_START || at >= DAY_END) continue;
          const key = `${queueOf(r)}|${m.name}`;
          fromDetails.set(key, (fromDetails.get(key) ?? 0) + m.value);
        }
    for (const c of emulator.context.traffic.conversationsStarting(DAY_START, DAY_END))
      fromDetails.set(`${c.queueId}|nOffered`, (fromDetails.get(`${c.queueId}|nOffered`) ?? 0) + 1);
    sums.forEach((_, key) => {
      if (key.endsWith('|oServiceLevel')) sums.delete(key);
    });
    assert.deepEqual(sums, fromDetails);
  });

  test('aggregates: groupBy, filters, one bucket without granularity, empty answer, and validation 400s', async () => {
    const queue = emulator.org.queues[0];
    assert.ok(queue);
    const byUser = await api('POST', '/api/v2/analytics/conversations/aggregates/query', {
      interval: DAY,
      groupBy: ['userId', 'mediaType'],
      filter: { type: 'and', clauses: [{ type: 'or', predicates: [{ dimension: 'queueId', value: queue.id }] }] },
      metrics: ['tHandle', 'nOffered'],
    });
    const groups = byUser.body.results as {
      group: Record<string, string>;
      data: { interval: string; metrics: { metric: string }[] }[];
    }[];
    assert.ok(groups.length > 0);
    for (const g of groups) {
      assert.ok(queue.memberIds.includes(g.group.userId ?? ''));
      assert.equal(g.group.mediaType, queue.mediaType);
      assert.equal(g.data.length, 1);
      assert.equal(g.data[0]?.interval, '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z');
      assert.deepEqual(
        g.data[0]?.metrics.map((m) => m.metric),
        ['tHandle'],
        'nOffered is not an agent metric',
      );
    }
    const none = await api('POST', '/api/v2/analytics/conversations/aggregates/query', {
      interval: '2026-11-21T10:00:00Z/2026-11-21T11:00:00Z',
      metrics: ['nOffered'],
    });
    assert.equal(none.status, 200);
    assert.deepEqual(none.body, {}, 'nothing in the future: no results key');
    const bad = [
      { interval: DAY, metrics: ['nOffered'], granularity: 'PT0M' },
      { interval: DAY, metrics: ['nOffered'], granularity: 'hourly' },
      { interval: DAY, metrics: ['nBananas'] },
      { interval: DAY, metrics: [] },
      { interval: DAY, metrics: ['nOffered'], groupBy: ['wrapUpCode'] },
      { interval: `${DAY_START}/${DAY_END}`, metrics: ['nOffered'] },
    ];
    for (const body of bad)
      assertGenesysError(
        await api('POST', '/api/v2/analytics/conversations/aggregates/query', body),
        400,
        'bad.request',
      );
  });

  test('aggregates: P1D buckets are the days of timeZone (25 hours at the DST change), UTC days without it; an unknown zone is a 400', async () => {
    // Berlin's clocks went back on 2026-10-25: that local day has 25 hours.
    const interval = '2026-10-22T00:00:00+02:00/2026-10-29T00:00:00+01:00';
    const offered = (from: number, to: number) => emulator.context.traffic.conversationsStarting(from, to).length;
    const days = async (timeZone?: string) => {
      const res = await api('POST', '/api/v2/analytics/conversations/aggregates/query', {
        interval,
        granularity: 'P1D',
        ...(timeZone ? { timeZone } : {}),
        metrics: ['nOffered'],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const [only] = res.body.results as { data: { interval: string; metrics: { stats: { count: number } }[] }[] }[];
      return (only?.data ?? []).map((d) => {
        const [from, to] = d.interval.split('/').map((x) => Date.parse(x ?? '')) as [number, number];
        assert.equal(d.metrics[0]?.stats.count, offered(from, to), d.interval);
        return d.interval;
      });
    };
    assert.deepEqual(await days('Europe/Berlin'), [
      '2026-10-21T22:00:00Z/2026-10-22T22:00:00Z',
      '2026-10-22T22:00:00Z/2026-10-23T22:00:00Z',
      '2026-10-23T22:00:00Z/2026-10-24T22:00:00Z',
      '2026-10-24T22:00:00Z/2026-10-25T23:00:00Z',
      '2026-10-25T23:00:00Z/2026-10-26T23:00:00Z',
      '2026-10-26T23:00:00Z/2026-10-27T23:00:00Z',
      '2026-10-27T23:00:00Z/2026-10-28T23:00:00Z',
    ]);
    // Without a zone the days are UTC's 24 hours from the interval's start, the last one cut at its end.
    const utc = await days();
    assert.equal(utc.length, 8);
    assert.equal(utc[3], '2026-10-24T22:00:00Z/2026-10-25T22:00:00Z');
    assert.equal(utc[7], '2026-10-28T22:00:00Z/2026-10-28T23:00:00Z');
    assertGenesysError(
      await api('POST', '/api/v2/analytics/conversations/aggregates/query', {
        interval,
        granularity: 'P1D',
        timeZone: 'Mars/Olympus_Mons',
        metrics: ['nOffered'],
      }),
      400,
      'bad.request',
    );
  });

  test('async job: QUEUED -> PENDING -> FULFILLED on the clock, results by cursor (≤1000, none on the last page), DELETE', async () => {
    const availability = await api('GET', '/api/v2/analytics/conversations/details/jobs/availability');
    const available = Date.parse(String(availability.body.dataAvailabilityDate));
    assert.ok(available < NOW && available > NOW - 86_400_000, 'lags now');

    const submitted = await api('POST', '/api/v2/analytics/conversations/details/jobs', { interval: DAY });
    assert.equal(submitted.status, 202);
    const jobId = String(submitted.body.jobId);
    const state = async () => (await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}`)).body.state;
    assert.equal(await state(), 'QUEUED');
    assertGenesysError(
      await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}/results`),
      400,
      'bad.request',
    );
    await clock.advance(1500);
    assert.equal(await state(), 'PENDING');
    await clock.advance(2000);
    assert.equal(await state(), 'FULFILLED');

    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = new URLSearchParams({ pageSize: '400', ...(cursor ? { cursor } : {}) });
      const page = await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}/results?${q}`);
      assert.equal(page.status, 200);
      const conversations = page.body.conversations as DetailRecord[];
      assert.ok(conversations.length <= 400);
      ids.push(...conversations.map((c) => c.conversationId));
      cursor = page.body.cursor as string | undefined;
      pages++;
    } while (cursor);
    const { records } = await allDetails({ interval: DAY });
    assert.deepEqual(
      ids,
      records.map((r) => r.conversationId),
    );
    assert.equal(pages, Math.ceil(ids.length / 400));
    const big = await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}/results?pageSize=5000`);
    assert.equal((big.body.conversations as unknown[]).length, 1000, 'capped at 1,000 a page');
    assertGenesysError(
      await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}/results?cursor=garbage`),
      400,
      'bad.request',
    );

    assert.equal((await api('DELETE', `/api/v2/analytics/conversations/details/jobs/${jobId}`)).status, 204);
    assertGenesysError(await api('GET', `/api/v2/analytics/conversations/details/jobs/${jobId}`), 404, 'not.found');
    await clock.set(NOW);
  });

  test('async job: FAILED and EXPIRED when faults ask, EXPIRED when results outlive their expiry; jobs are per client', async () => {
    const submit = async () =>
      String((await api('POST', '/api/v2/analytics/conversations/details/jobs', { interval: DAY })).body.jobId);
    const stateOf = async (id: string, as = token) =>
      (await api('GET', `/api/v2/analytics/conversations/details/jobs/${id}`, undefined, as)).body;
    const faults = await call(emulator.genesysUrl, undefined, 'POST', '/__emulator/faults', {
      failNextJobs: 1,
      expireNextJobs: 1,
    });
    assert.equal(faults.status, 200);
    const failing = await submit();
    const expiring = await submit();
    const fine = await submit();
    await clock.advance(5000);
    const failed = await stateOf(failing);
    assert.equal(failed.state, 'FAILED');
    assert.equal(typeof failed.errorMessage, 'string');
    assert.equal((await stateOf(expiring)).state, 'EXPIRED');
    const fulfilled = await stateOf(fine);
    assert.equal(fulfilled.state, 'FULFILLED');
    assert.ok(Date.parse(String(fulfilled.expirationDate)) > NOW);
    assertGenesysError(
      await api('GET', `/api/v2/analytics/conversations/details/jobs/${failing}/results`),
      400,
      'bad.request',
    );

    await clock.set(NOW + 25 * 3600_000);
    try {
      // The first token has expired by now too; a fresh one from the same client still owns the job.
      const later = await clientToken(emulator);
      assert.equal((await stateOf(fine, later)).state, 'EXPIRED');
      const other = await userToken(emulator, 'dana', REDIRECT);
      assert.equal((await stateOf(fine, other)).code, 'not.found', "another client does not see the daemon's job");
    } finally {
      await clock.set(NOW);
    }
  });

  test('observations: conversations per queue and media type, on-queue agents per queue split by routing status', async () => {
    const queueIds = emulator.org.queues.map((q) => q.id);
    const res = await api('POST', '/api/v2/analytics/queues/observations/query', {
      filter: { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) },
      metrics: ['oWaiting', 'oInteracting', 'oAlerting', 'oOnQueueUsers', 'oActiveUsers'],
    });
    assert.equal(res.status, 200);
    const results = res.body.results as {
      group: { queueId: string; mediaType?: string };
      data: { metric: string; qualifier?: string; stats: { count: number } }[];
    }[];
    const conversationGroups = results.filter((r) => r.group.mediaType !== undefined);
    const userGroups = results.filter((r) => r.group.mediaType === undefined);
    assert.deepEqual(conversationGroups.map((r) => r.group.queueId).sort(), [...queueIds].sort());
    assert.deepEqual(userGroups.map((r) => r.group.queueId).sort(), [...queueIds].sort());
    const live = conversationsInProgress(emulator.context.traffic, NOW);
    let busy = 0;
    for (const r of conversationGroups) {
      const n = (metric: string) => r.data.find((d) => d.metric === metric)?.stats.count;
      const here = live.filter((l) => l.conversation.queueId === r.group.queueId);
      assert.equal(r.group.mediaType, emulator.org.queues.find((q) => q.id === r.group.queueId)?.mediaType);
      assert.equal(n('oWaiting'), here.filter((l) => l.phase === 'waiting').length);
      assert.equal(n('oAlerting'), here.filter((l) => l.phase === 'alerting').length);
      assert.equal(n('oInteracting'), here.filter((l) => l.phase === 'interacting' || l.phase === 'held').length);
      assert.ok(r.data.every((d) => d.qualifier === undefined));
      busy += (n('oWaiting') ?? 0) + (n('oInteracting') ?? 0);
    }
    assert.ok(busy > 0, 'mid-afternoon, some conversations are under way');
    const qualifiers = new Set<string>();
    for (const r of userGroups) {
      const queue = emulator.org.queues.find((q) => q.id === r.group.queueId);
      assert.equal(r.data.find((d) => d.metric === 'oActiveUsers')?.stats.count, queue?.memberIds.length);
      const onQueue = r.data.filter((d) => d.metric === 'oOnQueueUsers');
      for (const d of onQueue) if (d.qualifier) qualifiers.add(d.qualifier);
      const total = onQueue.reduce((s, d) => s + d.stats.count, 0);
      assert.ok(total >= 0 && total <= (queue?.memberIds.length ?? 0));
      // Agents on a contact of this queue are on queue and interacting.
      const agentsBusyHere = new Set(
        here(live, r.group.queueId)
          .filter((l) => l.phase !== 'waiting')
          .map((l) => l.conversation.agentId),
      ).size;
      assert.ok((onQueue.find((d) => d.qualifier === 'INTERACTING')?.stats.count ?? 0) >= agentsBusyHere);
    }
    assert.ok(qualifiers.has('IDLE') && qualifiers.has('INTERACTING'), [...qualifiers].join());
    assertGenesysError(
      await api('POST', '/api/v2/analytics/queues/observations/query', { metrics: ['oWaiting'] }),
      400,
      'bad.request',
    );
  });

  test('routing queues and users: entity paging with nextUri to the last page', async () => {
    for (const [path, total] of [
      ['/api/v2/routing/queues', emulator.org.queues.length],
      ['/api/v2/users', emulator.org.users.length],
    ] as const) {
      const seen: string[] = [];
      let next: string | undefined = `${path}?pageSize=4&pageNumber=1`;
      let pageCount = 0;
      while (next) {
        const res = await api('GET', next);
        assert.equal(res.status, 200);
        assert.equal(res.body.total, total);
        assert.equal(res.body.pageSize, 4);
        pageCount = Number(res.body.pageCount);
        seen.push(...(res.body.entities as { id: string }[]).map((e) => e.id));
        next = res.body.nextUri as string | undefined;
      }
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
      assert.equal(pageCount, Math.ceil(total / 4));
    }
    // Genesys queues list every media type in mediaSettings, each with its service level (issue #11 item 8).
    const queues = (await api('GET', '/api/v2/routing/queues?pageSize=100')).body.entities as {
      id: string;
      mediaSettings: Record<string, { serviceLevel: { percentage: number; durationMs: number } }>;
    }[];
    for (const q of queues) {
      assert.deepEqual(Object.keys(q.mediaSettings).sort(), ['call', 'callback', 'chat', 'email', 'message']);
      const seeded = emulator.org.queues.find((x) => x.id === q.id);
      const own = { voice: 'call', chat: 'chat', email: 'email' }[seeded?.mediaType ?? 'voice'];
      assert.equal(q.mediaSettings[own]?.serviceLevel.percentage, (seeded?.serviceLevel.percent ?? 0) / 100);
    }
  });

  test("403 with the missing permission for the seeded 'limited' client; it may still list queues", async () => {
    const limited = await clientToken(emulator, 'limited');
    const denied: [string, string, unknown, string][] = [
      [
        'POST',
        '/api/v2/analytics/conversations/aggregates/query',
        { interval: DAY, metrics: ['nOffered'] },
        'analytics:conversationAggregate:view',
      ],
      ['POST', '/api/v2/analytics/conversations/details/query', { interval: DAY }, 'analytics:conversationDetail:view'],
      ['POST', '/api/v2/analytics/conversations/details/jobs', { interval: DAY }, 'analytics:conversationDetail:view'],
      [
        'GET',
        '/api/v2/analytics/conversations/details/jobs/availability',
        undefined,
        'analytics:conversationDetail:view',
      ],
      [
        'POST',
        '/api/v2/analytics/queues/observations/query',
        { filter: {}, metrics: ['oWaiting'] },
        'analytics:queueObservation:view',
      ],
      ['GET', '/api/v2/users', undefined, 'directory:user:view'],
    ];
    for (const [method, path, body, permission] of denied) {
      const res = await api(method, path, body, limited);
      assertGenesysError(res, 403, 'missing.permissions');
      assert.deepEqual(res.body.messageParams, { permissions: `[${permission}]` }, path);
    }
    assert.equal((await api('GET', '/api/v2/routing/queues', undefined, limited)).status, 200);
    assertGenesysError(await api('GET', '/api/v2/routing/queues', undefined, 'not-a-token'), 401, 'bad.credentials');
  });

  test("a supervisor's own token sees only their queues; one without analytics permission gets 403", async () => {
    const alice = await userToken(emulator, 'alice', REDIRECT);
    const mine = new Set(seedUser(emulator.org, 'alice').queueIds);
    assert.ok(mine.size > 0 && mine.size < emulator.org.queues.length);
    const queues = await api('GET', '/api/v2/routing/queues?pageSize=100', undefined, alice);
    assert.deepEqual(new Set((queues.body.entities as { id: string }[]).map((q) => q.id)), mine);
    const agg = await api(
      'POST',
      '/api/v2/analytics/conversations/aggregates/query',
      { interval: DAY, groupBy: ['queueId'], metrics: ['nOffered'] },
      alice,
    );
    assert.deepEqual(new Set((agg.body.results as { group: { queueId: string } }[]).map((r) => r.group.queueId)), mine);
    const { records } = await allDetails({ interval: DAY }, alice);
    assert.ok(records.length > 0 && records.every((r) => mine.has(queueOf(r))));
    const everyone = emulator.org.queues.map((q) => ({ dimension: 'queueId', value: q.id }));
    const obs = await api(
      'POST',
      '/api/v2/analytics/queues/observations/query',
      { filter: { type: 'or', predicates: everyone }, metrics: ['oWaiting'] },
      alice,
    );
    assert.deepEqual(new Set((obs.body.results as { group: { queueId: string } }[]).map((r) => r.group.queueId)), mine);

    const carol = await userToken(emulator, 'carol', REDIRECT);
    assertGenesysError(
      await api('POST', '/api/v2/analytics/conversations/details/query', { interval: DAY }, carol),
      403,
      'missing.permissions',
    );
  });
});

function here(live: ReturnType<typeof conversationsInProgress>, queueId: string) {
  return live.filter((l) => l.conversation.queueId === queueId);
}
