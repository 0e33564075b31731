// CXone Data Extraction API on the emulator, as NICE documents it: `POST /data-extraction/v1/jobs`
// {entityName, version, startDate, endDate} answers 202 with the job id (a JSON string); `GET
// /data-extraction/v1/jobs/{jobId}` answers {jobStatus: {id, status, result}} with status RUNNING,
// SUCCEEDED (result.url), FAILED (result.errorMessage) or EXPIRED (files are kept 24 h). Only one job
// of a tenant runs at a time (409) and starts are at least 30 s apart (429 + Retry-After). The URL is
// a signed link off the API, like the vendor's file store: no bearer, valid 30 s from the status
// answer that handed it out, then 403 "Request has expired".
// Entity: `recording-interaction-metadata`, one CSV row per answered contact that started in the
// window, with the columns of the vendor's file that the traffic can fill.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorContext } from '../emulator-context.js';
import { CXONE_PERMISSIONS } from '../seed-org.js';
import { conversationsBetween } from '../traffic/traffic.js';
import { cxoneError } from '../vendor-errors.js';
import { authorizeCxone, badRequest } from './cxone-request.js';
import { cxoneLimits } from './reporting-limits.js';

const INTERACTION_METADATA_ENTITY = 'recording-interaction-metadata';
const INTERACTION_METADATA_COLUMNS = [
  'ACD Call ID',
  'Start Date',
  'Agent 1 ACD ID',
  'Agent 1 Name',
  'Agent 1 Team',
  'Agent 1 Skills',
  'ANI',
  'Disposition',
] as const;
/** Extracted files are kept this long. */
const FILE_LIFETIME_MS = 24 * 3600_000;

const jobRequest = z.object({
  entityName: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  startDate: z.string(),
  endDate: z.string(),
});

interface ExtractionJob {
  id: string;
  createdAt: number;
  doneAt: number;
  /** Set when the job was made to fail (fault injection). */
  errorMessage: string | undefined;
  csv: string;
}

export function mountCxoneDataExtraction(app: Hono, ctx: EmulatorContext): void {
  const jobs = new Map<string, ExtractionJob>();
  const signingKey = randomBytes(32);
  let lastStartAt = Number.NEGATIVE_INFINITY;
  const teamName = new Map(ctx.org.cxone.teams.map((t) => [t.id, t.name]));
  const userOf = new Map(ctx.org.users.map((u) => [u.id, u]));
  const queueOf = new Map(ctx.org.queues.map((q) => [q.id, q]));

  const sign = (jobId: string, expires: number) =>
    createHmac('sha256', signingKey).update(`${jobId}:${expires}`).digest('hex');
  const statusOf = (job: ExtractionJob, now: number) =>
    now < job.doneAt
      ? 'RUNNING'
      : job.errorMessage
        ? 'FAILED'
        : now >= job.doneAt + FILE_LIFETIME_MS
          ? 'EXPIRED'
          : 'SUCCEEDED';

  app.post('/data-extraction/v1/jobs', async (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.dataExtraction);
    if (principal instanceof Response) return principal;
    const parsed = jobRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return badRequest(c, 'entityName, version, startDate and endDate are required');
    const { entityName, startDate, endDate } = parsed.data;
    if (entityName !== INTERACTION_METADATA_ENTITY)
      return badRequest(c, `entityName '${entityName.slice(0, 64)}' is not one this emulator extracts`);
    const from = Date.parse(startDate);
    const to = Date.parse(endDate);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
      return badRequest(c, 'startDate and endDate must be ISO 8601 dates with the end after the start');

    const now = ctx.clock.now();
    const limits = cxoneLimits(ctx);
    const wait = lastStartAt + limits.extractionStartIntervalMs - now;
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      return c.json(
        cxoneError(429, 'TooManyRequests', 'The Data Extraction API can be called once in a 30 second period'),
        429,
      );
    }
    const running = [...jobs.values()].find((j) => statusOf(j, now) === 'RUNNING');
    if (running)
      return c.json(
        cxoneError(409, 'JobAlreadyRunning', `Job ${running.id} of this tenant is still running; one job at a time`),
        409,
      );

    const rows = conversationsBetween(ctx.traffic, from, to, now)
      .filter((conv) => conv.answered && conv.agentId && principal.visibleQueueIds.has(conv.queueId))
      .map((conv) => {
        const agent = conv.agentId ? userOf.get(conv.agentId) : undefined;
        return [
          conv.id,
          new Date(conv.start).toISOString(),
          String(agent?.cxoneAgentId ?? ''),
          agent?.name ?? '',
          agent ? (teamName.get(agent.cxoneTeamId) ?? '') : '',
          queueOf.get(conv.queueId)?.name ?? '',
          conv.ani.replace('tel:', ''),
          conv.wrapUpCode ?? '',
        ];
      });
    const failing = ctx.faults.failNextJobs > 0;
    if (failing) ctx.faults.failNextJobs--;
    const job: ExtractionJob = {
      id: randomUUID(),
      createdAt: now,
      doneAt: now + limits.extractionJobMs,
      errorMessage: failing ? 'Data extraction failed: internal error while preparing the file' : undefined,
      csv: toCsv([[...INTERACTION_METADATA_COLUMNS], ...rows]),
    };
    jobs.set(job.id, job);
    lastStartAt = now;
    return c.json(job.id, 202);
  });

  app.get('/data-extraction/v1/jobs/:jobId', (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.dataExtraction);
    if (principal instanceof Response) return principal;
    const job = jobs.get(c.req.param('jobId'));
    if (!job) return c.json(cxoneError(404, 'NotFound', 'No job with this id'), 404);
    const now = ctx.clock.now();
    const status = statusOf(job, now);
    const jobStatus: { id: string; status: string; result?: { url?: string; errorMessage?: string } } = {
      id: job.id,
      status,
    };
    if (status === 'FAILED') jobStatus.result = { errorMessage: job.errorMessage };
    if (status === 'SUCCEEDED') {
      // A fresh signed link on every answer, as a file store hands out presigned URLs.
      const expires = now + cxoneLimits(ctx).extractionUrlMs;
      const url = new URL(`/__files/data-extraction/${job.id}.csv`, c.req.url);
      url.searchParams.set('expires', String(expires));
      url.searchParams.set('signature', sign(job.id, expires));
      jobStatus.result = { url: url.toString() };
    }
    return c.json({ jobStatus });
  });

  app.get('/__files/data-extraction/:file', (c) => {
    const jobId = c.req.param('file').replace(/\.csv$/, '');
    const expires = Number(c.req.query('expires'));
    const given = Buffer.from(c.req.query('signature') ?? '', 'hex');
    const expected = Buffer.from(sign(jobId, expires), 'hex');
    const job = jobs.get(jobId);
    if (!job || given.length !== expected.length || !timingSafeEqual(given, expected))
      return fileError(c, 'SignatureDoesNotMatch', 'The request signature does not match');
    if (ctx.clock.now() >= expires) return fileError(c, 'AccessDenied', 'Request has expired');
    return c.body(job.csv, 200, { 'content-type': 'text/csv; charset=utf-8' });
  });
}

/** The file store's own error shape (XML, as S3 answers). */
function fileError(c: Context, code: string, message: string): Response {
  return c.body(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    403,
    {
      'content-type': 'application/xml',
    },
  );
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between rows. */
function toCsv(rows: readonly (readonly string[])[]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
