// The comparison's workload through ccpulse's own vendors layer, as the daemon runs it: one
// connectOrg client (client-credentials token manager, 300/min token-bucket budget, Retry-After
// on 429, one re-auth on 401), the aggregates queries, then the paged details query of one day.
// Run by measure-sdk-comparison.ts in a child process; prints a ChildReport as JSON.
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { findOrg, parseConfig } from '../../src/config/index.js';
import { connectOrg, createRuntime } from '../../src/connect/index.js';
import {
  conversationDetailPages,
  QUEUE_INTERVAL_METRICS,
  queryQueueIntervals,
} from '../../src/vendors/genesys/index.js';
import { recordRequests } from '../raw-replay.js';
import { digestBuilder, failChild, startMeter } from './child-meter.js';
import { AGGREGATE_METRICS, forEachConcurrently, RECORD_ENV, readPlan } from './workload-plan.js';

const meter = startMeter();
try {
  // The SDK child sends AGGREGATE_METRICS: if ccpulse's list changed, the two would not compare.
  if (!isDeepStrictEqual(QUEUE_INTERVAL_METRICS, AGGREGATE_METRICS))
    throw new Error('QUEUE_INTERVAL_METRICS differs from AGGREGATE_METRICS in workload-plan.ts: update the latter');
  const plan = readPlan();
  const org = findOrg(parseConfig(process.env), 'genesys');
  // The parent replays these same requests raw for the true bound.
  const recorder = process.env[RECORD_ENV] ? recordRequests(org.apiUrl) : undefined;
  const seen = { requests: 0, status429: 0, status401: 0, retryWaitMs: 0 };
  const { client } = await connectOrg(org, createRuntime(), {
    observer: {
      onRequest: ({ status }) => {
        seen.requests++;
        if (status === 429) seen.status429++;
        if (status === 401) seen.status401++;
      },
      onRetry: ({ reason, delayMs }) => {
        if (reason === '429') seen.retryWaitMs += delayMs;
      },
    },
  });
  const digest = digestBuilder();
  await forEachConcurrently(plan.aggregates, plan.concurrency, async ({ from, to }) => {
    const rows = await queryQueueIntervals(client, org.name, { from, to, granularity: plan.granularity });
    meter.responded();
    for (const row of rows) digest.addAggregateRow(row.offered, row.handleMs);
  });
  const { from, to } = plan.details;
  for await (const page of conversationDetailPages(client, org.name, { from, to, pageSize: plan.pageSize })) {
    for (const c of page) digest.addConversation(c.id, c.handleMs ?? 0);
  }
  const record = process.env[RECORD_ENV];
  if (record && recorder) writeFileSync(record, JSON.stringify(recorder.requests));
  meter.finish({ side: 'ccpulse', ...seen, data: digest.result() });
} catch (error) {
  failChild('ccpulse', error);
}
