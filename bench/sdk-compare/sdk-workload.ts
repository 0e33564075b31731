// The same workload through the official Genesys JS SDK (purecloud-platform-client-v2), used as its
// README shows: ApiClient.instance, setGateway to reach a non-Genesys host (the documented way; the
// environment setting always builds https://api.{env}), loginClientCredentialsGrant, AnalyticsApi.
// The JS SDK has no retry or 429 handling of its own (v262: a 429 rejects the promise), so each call
// goes through the small retry a user writes from Genesys's rate-limit guidance: wait Retry-After,
// try again, at most 6 attempts (ccpulse's default too). Extended responses give it the headers.
// Run by measure-sdk-comparison.ts in a child process; prints a ChildReport as JSON.
import { setTimeout as sleep } from 'node:timers/promises';
import platformClient from 'purecloud-platform-client-v2';
import { digestBuilder, failChild, startMeter } from './child-meter.js';
import { AGGREGATE_METRICS, forEachConcurrently, isoInterval, readPlan } from './workload-plan.js';

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;
type DetailsResponse = platformClient.Models.AnalyticsConversationQueryResponse;

/** What the SDK resolves and rejects with once setReturnExtendedResponses(true) is on. */
interface ExtendedResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
}

const MAX_ATTEMPTS = 6;

const meter = startMeter();
try {
  const plan = readPlan();
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const api = new URL(env('GENESYS_API_URL'));
  // One gateway serves login and API alike: the emulator has both on one origin.
  if (new URL(env('GENESYS_LOGIN_URL')).origin !== api.origin)
    throw new Error('the SDK gateway needs GENESYS_LOGIN_URL and GENESYS_API_URL on one origin');

  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: api.hostname, protocol: api.protocol.replace(':', ''), port: Number(api.port) });
  client.setReturnExtendedResponses(true);
  await client.loginClientCredentialsGrant(env('GENESYS_CLIENT_ID'), env('GENESYS_CLIENT_SECRET'));
  const analytics = new platformClient.AnalyticsApi();

  const seen = { requests: 0, status429: 0, status401: 0, retryWaitMs: 0 };
  async function call<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      seen.requests++;
      try {
        const response = (await send()) as unknown as ExtendedResponse<T>;
        meter.responded();
        return response.body;
      } catch (error) {
        // Only status and headers are read: the rejection also holds the request, bearer token included.
        const { status, headers } = (error ?? {}) as Partial<ExtendedResponse<unknown>>;
        if (status === 401) seen.status401++;
        if (status !== 429 || attempt >= MAX_ATTEMPTS)
          throw new Error(`SDK call failed on attempt ${attempt}: HTTP ${status ?? 'no response'}`);
        seen.status429++;
        const waitMs = Math.max(0, Number(headers?.['retry-after'] ?? 1) * 1000);
        seen.retryWaitMs += waitMs;
        await sleep(waitMs);
      }
    }
  }

  const digest = digestBuilder();
  await forEachConcurrently(plan.aggregates, plan.concurrency, async (interval) => {
    const body = await call<AggregateResponse>(() =>
      analytics.postAnalyticsConversationsAggregatesQuery({
        interval: isoInterval(interval),
        granularity: plan.granularity,
        groupBy: ['queueId'],
        metrics: AGGREGATE_METRICS,
      }),
    );
    for (const result of body.results ?? []) {
      if (!result.group?.queueId) continue;
      for (const bucket of result.data ?? []) {
        const stats = (name: string) => bucket.metrics?.find((m) => m.metric === name)?.stats;
        digest.addAggregateRow(stats('nOffered')?.count ?? 0, stats('tHandle')?.sum ?? 0);
      }
    }
  });
  // Page through the day until a short page, as the API documents.
  for (let pageNumber = 1; ; pageNumber++) {
    const body = await call<DetailsResponse>(() =>
      analytics.postAnalyticsConversationsDetailsQuery({
        interval: isoInterval(plan.details),
        order: 'asc',
        orderBy: 'conversationStart',
        paging: { pageSize: plan.pageSize, pageNumber },
      }),
    );
    const conversations = body.conversations ?? [];
    for (const c of conversations) {
      // Handle time as ccpulse's model counts it: the agents' tHandle metrics.
      const handleMs = (c.participants ?? [])
        .filter((p) => p.purpose === 'agent')
        .flatMap((p) => (p.sessions ?? []).flatMap((s) => s.metrics ?? []))
        .filter((m) => m.name === 'tHandle')
        .reduce((sum, m) => sum + (m.value ?? 0), 0);
      if (c.conversationId) digest.addConversation(c.conversationId, handleMs);
    }
    if (conversations.length < plan.pageSize) break;
  }
  meter.finish({ side: 'sdk', ...seen, data: digest.result() });
} catch (error) {
  failChild('sdk', error);
}
