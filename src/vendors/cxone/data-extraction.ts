// CXone Data Extraction API, the bulk path: start a job (`POST /data-extraction/v1/jobs`, answered
// with the job id), poll its status until SUCCEEDED hands out a download URL, fetch the CSV from that
// URL within its 30 s, parse it. A tenant runs one job at a time and may start one every 30 s: starts
// through the same ApiClient are spaced 30 s apart here, a 429 is waited out by the client's
// Retry-After handling, and a job another process is running is a typed error, not a retry loop.
// The download URL is a presigned link to the vendor's file store: it gets no bearer token.
import { z } from 'zod';
import { CcpulseError, type Clock, systemClock } from '../../core/index.js';
import { type ApiClient, ApiError, pollJob, ResponseShapeError } from '../../http/index.js';
import type { SourceKey } from '../../model/index.js';
import { parseCsv } from './parse-csv.js';

/** Least time between two job starts of a tenant. */
export const EXTRACTION_START_INTERVAL_MS = 30_000;
export const INTERACTION_METADATA = { entityName: 'recording-interaction-metadata', version: '7' } as const;

export interface ExtractionRequest {
  entityName: string;
  version: string;
  from: number;
  to: number;
}

export class ExtractionJobBusyError extends CcpulseError {
  constructor(cause: ApiError) {
    super(
      'CXONE_EXTRACTION_BUSY',
      `CXone refused a new Data Extraction job: ${cause.details.vendorMessage ?? 'another job of this tenant is running'}`,
      'CXone runs one Data Extraction job per tenant at a time: wait for the other job (another ccpulse replica, a script or a person) to finish, then run this again.',
      { cause },
    );
  }
}

export class ExtractionJobFailedError extends CcpulseError {
  readonly jobId: string;
  readonly status: string;
  constructor(jobId: string, status: string, detail: string | undefined) {
    super(
      'CXONE_EXTRACTION_FAILED',
      `CXone Data Extraction job ${jobId} ended ${status}${detail ? `: ${detail}` : ''}`,
      status === 'EXPIRED'
        ? 'Extracted files are kept 24 hours: start a new job for the same window.'
        : 'Start the job again; if it keeps failing, ask for a shorter window.',
    );
    this.jobId = jobId;
    this.status = status;
  }
}

export class ExtractionUrlExpiredError extends CcpulseError {
  constructor(where: string) {
    super(
      'CXONE_EXTRACTION_URL_EXPIRED',
      `The download link of a CXone Data Extraction file (${where}) had expired`,
      'CXone download links work for 30 seconds: fetch right after the job status hands the link out (ccpulse asks for a fresh link once); check that this host is not stalled or its clock far off.',
    );
  }
}

export class ExtractionDownloadError extends CcpulseError {
  constructor(where: string, detail: string) {
    super(
      'CXONE_EXTRACTION_DOWNLOAD',
      `Downloading a CXone Data Extraction file (${where}) failed: ${detail}`,
      'Check that this host may reach the file store the link points at (proxy, firewall); then run the extraction again.',
    );
  }
}

const jobStatus = z.object({
  jobStatus: z.object({
    id: z.string().optional(),
    status: z.string(),
    result: z.object({ url: z.string().url().optional(), errorMessage: z.string().optional() }).nullish(),
  }),
});

/** Data Extraction lives at the root of the tenant's API host, beside `/inContactAPI`. */
const jobsUrl = (client: ApiClient, suffix = '') =>
  new URL(`/data-extraction/v1/jobs${suffix}`, client.baseUrl).toString();
/** Where a download went, without the signature in its query. */
const place = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};
const iso = (ms: number) => new Date(ms).toISOString();

// The last start per API client (one client = one tenant's credentials), for the 30 s spacing.
const lastStartOf = new WeakMap<ApiClient, number>();

/** Starts a job and returns its id; waits first when this client started one less than 30 s ago. */
export async function startExtractionJob(
  client: ApiClient,
  request: ExtractionRequest,
  options: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<string> {
  const clock = options.clock ?? systemClock;
  const last = lastStartOf.get(client);
  const wait = last === undefined ? 0 : last + EXTRACTION_START_INTERVAL_MS - clock.now();
  if (wait > 0) await clock.sleep(wait, options.signal);
  try {
    const { data } = await client.request({
      method: 'POST',
      path: jobsUrl(client),
      body: {
        entityName: request.entityName,
        version: request.version,
        startDate: iso(request.from),
        endDate: iso(request.to),
      },
      schema: z.string().min(1),
      // Not idempotent: a repeated start would be a second job.
      signal: options.signal,
    });
    lastStartOf.set(client, clock.now());
    return data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) throw new ExtractionJobBusyError(error);
    throw error;
  }
}

/** Polls (1 s doubling to 15 s) until SUCCEEDED and returns the download URL; other end states throw. */
export function waitForExtractionJob(
  client: ApiClient,
  jobId: string,
  options: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<string> {
  return pollJob(
    async () => {
      const { data } = await client.request({
        method: 'GET',
        path: jobsUrl(client, `/${encodeURIComponent(jobId)}`),
        schema: jobStatus,
        signal: options.signal,
      });
      const { status, result } = data.jobStatus;
      if (status === 'SUCCEEDED') {
        if (!result?.url)
          throw new ResponseShapeError('GET', '/data-extraction/v1/jobs/{jobId}', 'SUCCEEDED without result.url');
        return result.url;
      }
      if (status !== 'RUNNING') throw new ExtractionJobFailedError(jobId, status, result?.errorMessage ?? undefined);
      return undefined;
    },
    { clock: options.clock ?? systemClock, signal: options.signal },
  );
}

/** The file behind a download URL, fetched without credentials. */
export async function downloadExtraction(
  url: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new ExtractionDownloadError(place(url), error instanceof Error ? error.message : String(error));
  }
  const body = await response.text();
  if (response.ok) return body;
  // The file store answers an expired presigned link with 403 "Request has expired".
  if (response.status === 403 && /Request has expired/i.test(body)) throw new ExtractionUrlExpiredError(place(url));
  const code = /<Code>([^<]{1,64})<\/Code>/.exec(body)?.[1];
  throw new ExtractionDownloadError(place(url), `HTTP ${response.status}${code ? ` ${code}` : ''}`);
}

/** starting: waiting for CXone's one-job-per-30-s rule and creating it; running: CXone prepares the file. */
export type ExtractionStage = 'starting' | 'running' | 'downloading';

/** One row of the interaction metadata file: a contact an agent handled. */
export interface ExtractedInteraction extends SourceKey {
  contactId: string;
  /** Epoch ms. */
  start: number;
  agentId: string | undefined;
  agentName: string | undefined;
  teamName: string | undefined;
  skillName: string | undefined;
  ani: string | undefined;
  disposition: string | undefined;
}

/**
 * The interaction metadata of contacts that started in [from, to), through a whole job: start, wait,
 * download (asking once more for a fresh link if the first one expired before it was used), parse.
 */
export async function extractInteractions(
  client: ApiClient,
  org: string,
  from: number,
  to: number,
  options: {
    clock?: Clock;
    signal?: AbortSignal;
    fetch?: typeof fetch;
    /** Where the job is, for a caller that shows progress while CXone prepares the file. */
    onStage?(stage: ExtractionStage): void;
  } = {},
): Promise<ExtractedInteraction[]> {
  const stage = options.onStage ?? (() => {});
  stage('starting');
  const jobId = await startExtractionJob(client, { ...INTERACTION_METADATA, from, to }, options);
  const fetchFile = async () => {
    stage('running');
    const url = await waitForExtractionJob(client, jobId, options);
    stage('downloading');
    return downloadExtraction(url, options);
  };
  let csv: string;
  try {
    csv = await fetchFile();
  } catch (error) {
    if (!(error instanceof ExtractionUrlExpiredError)) throw error;
    csv = await fetchFile();
  }
  return toInteractions(org, parseCsv(csv));
}

function toInteractions(org: string, rows: string[][]): ExtractedInteraction[] {
  const [header = [], ...body] = rows;
  const column = (name: string) => header.indexOf(name);
  const id = column('ACD Call ID');
  const start = column('Start Date');
  if (id < 0 || start < 0)
    throw new ResponseShapeError('GET', 'data extraction file', 'no "ACD Call ID" or "Start Date" column');
  const text = (row: string[], name: string) => {
    const value = row[column(name)];
    return value === undefined || value === '' ? undefined : value;
  };
  return body
    .filter((row) => row.length > 1 || row[0] !== '')
    .map((row) => ({
      vendor: 'cxone',
      org,
      contactId: row[id] ?? '',
      start: Date.parse(row[start] ?? ''),
      agentId: text(row, 'Agent 1 ACD ID'),
      agentName: text(row, 'Agent 1 Name'),
      teamName: text(row, 'Agent 1 Team'),
      skillName: text(row, 'Agent 1 Skills'),
      ani: text(row, 'ANI'),
      disposition: text(row, 'Disposition'),
    }));
}
