// The true lower bound of a Genesys workload, from the vendor's rule and a raw replay. Every API
// request a client makes is recorded (method, URL, body); the same requests are then sent again
// back to back with plain fetch and no pacing — a fresh token for every 300, so no window ever
// refuses one — timing each. The bound is that replay laid on the vendor's rule: the requests past
// each full window of 300 wait for the next 60 s window (one token's window opens at its first
// request), and a job's results cannot be read before the job has run (the emulator runs one for
// JOB_RUN_MS). Waiting for a job is not timed in the replay itself.

export const WINDOW_REQUESTS = 300;
export const WINDOW_MS = 60_000;

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/api/v2/analytics/conversations/details/query`. */
  path: string;
  body?: string | undefined;
  /** For a details job submission: the id the vendor gave the job. */
  jobId?: string | undefined;
}

const JOBS = '/api/v2/analytics/conversations/details/jobs';

/**
 * Records every request sent to `apiBase` through the global fetch (which ccpulse's client and the
 * emulator's callers use) until `stop()`; token requests to the login host are not API requests.
 */
export function recordRequests(apiBase: string): { requests: RecordedRequest[]; stop(): void } {
  const original = globalThis.fetch;
  const requests: RecordedRequest[] = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // The emulator serves OAuth on the same host: a token request is not one of the API's.
    if (!url.startsWith(apiBase) || url.startsWith(`${apiBase}/oauth/`)) return original(input, init);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const entry: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.slice(apiBase.length),
      body,
    };
    requests.push(entry);
    const res = await original(input, init);
    if (entry.method === 'POST' && entry.path === JOBS && res.ok)
      entry.jobId = ((await res.clone().json()) as { jobId?: string }).jobId;
    return res;
  };
  return {
    requests,
    stop: () => {
      globalThis.fetch = original;
    },
  };
}

export interface ReplayTarget {
  apiBase: string;
  loginBase: string;
  clientId: string;
  clientSecret: string;
  /** How long the vendor runs one async job (the emulator: JOB_RUN_MS). */
  jobRunMs: number;
}

export interface ReplayFigures {
  requests: number;
  /** The requests' own time, back to back, no pacing and no job waits. */
  replaySeconds: number;
  /** Waits the vendor's rule imposes on that replay: full windows, and jobs still running. */
  ruleWaitSeconds: number;
  boundSeconds: number;
  /** Answers of 400 and above in the replay (a different answer would make it a different workload). */
  failures: string[];
}

const JOB_PATH = /^\/api\/v2\/analytics\/conversations\/details\/jobs\/([0-9a-f-]{36})(\/results)?/;

export async function clientToken(t: Omit<ReplayTarget, 'jobRunMs'>): Promise<string> {
  const res = await fetch(`${t.loginBase}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${t.clientId}:${t.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`replay token request answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function replayRequests(
  recorded: readonly RecordedRequest[],
  target: ReplayTarget,
): Promise<ReplayFigures> {
  const jobIds = new Map<string, string>();
  /** Bound-time of each job's submission, by replayed id. */
  const submittedAt = new Map<string, number>();
  let token = '';
  // Waiting for a job asks its state with a token of its own: those asks are not the workload's.
  const waitToken = await clientToken(target);
  let replayMs = 0;
  let bound = 0;
  const failures: string[] = [];
  for (const [i, r] of recorded.entries()) {
    if (i % WINDOW_REQUESTS === 0) token = await clientToken(target);
    // Job ids are the replay's own: map the recorded one to the job this replay submitted.
    const job = JOB_PATH.exec(r.path);
    const path = job ? r.path.replace(job[1] as string, jobIds.get(job[1] as string) ?? (job[1] as string)) : r.path;
    const replayedJob = job ? (jobIds.get(job[1] as string) ?? '') : '';
    if (job?.[2] && r.method === 'GET') await untilFulfilled(target, path.split('/results')[0] as string, waitToken);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const res = await fetch(`${target.apiBase}${path}`, { method: r.method, headers, body: r.body });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status >= 400) failures.push(`${res.status} ${r.method} ${path.split('?')[0]}`);
    replayMs += ms;
    // The vendor's rule: request i goes in window floor(i / 300), which opens 60 s after the first.
    bound = Math.max(bound, Math.floor(i / WINDOW_REQUESTS) * WINDOW_MS);
    if (job?.[2] && r.method === 'GET') bound = Math.max(bound, (submittedAt.get(replayedJob) ?? 0) + target.jobRunMs);
    bound += ms;
    if (r.method === 'POST' && r.path === JOBS && res.ok && r.jobId) {
      const { jobId } = JSON.parse(text) as { jobId: string };
      submittedAt.set(jobId, bound);
      jobIds.set(r.jobId, jobId);
    }
  }
  const round = (ms: number) => Number((ms / 1000).toFixed(2));
  return {
    requests: recorded.length,
    replaySeconds: round(replayMs),
    ruleWaitSeconds: round(bound - replayMs),
    boundSeconds: round(bound),
    failures,
  };
}

/** Waits (untimed) until the replayed job has run, so its results are the real work to time. */
async function untilFulfilled(t: ReplayTarget, jobPath: string, token: string) {
  for (;;) {
    const res = await fetch(`${t.apiBase}${jobPath}`, { headers: { authorization: `Bearer ${token}` } });
    const { state } = (await res.json()) as { state?: string };
    if (res.ok && state !== 'QUEUED' && state !== 'PENDING') return;
    await new Promise((r) => setTimeout(r, res.status === 429 ? 1000 : 250));
  }
}
