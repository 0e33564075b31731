// One history window of Genesys conversations through an async details job. The job id is committed
// before the first wait and each page's rows with the next page's cursor, so a restart resumes the
// same job at the same page instead of submitting another. A job that expired, failed or vanished
// is submitted again (a few times, further apart each time); its rows, upserted by key, end up the
// same. Only then does the window give up, loudly, without its done checkpoint.
import { z } from 'zod';
import { CcpulseError, type Logger, silentLogger } from '../core/index.js';
import { type ApiClient, ApiError, NotFoundError } from '../http/index.js';
import type { Json } from '../store/index.js';
import {
  DetailsJobFailedError,
  deleteDetailsJob,
  detailsJobResultPages,
  submitDetailsJob,
  waitForDetailsJob,
} from '../vendors/genesys/index.js';
import type { StreamContext } from './streams.js';
import type { WindowStep } from './windowed-stream.js';
import { writeJobPages } from './write-pages.js';

const jobState = z.object({ jobId: z.string(), submittedAt: z.number(), cursor: z.string().optional() });
type JobState = z.infer<typeof jobState>;

interface JobWindowDeps {
  client: ApiClient;
  org: string;
  logger?: Logger | undefined;
  /** Results per page (Genesys allows up to ~1,000). */
  pageSize?: number | undefined;
}

/** Jobs one window may use in one run: the first and three resubmissions. */
export const MAX_JOBS_PER_WINDOW = 4;
/** Wait before the first resubmission, doubling for each next one (5 s, 10 s, 20 s). */
export const RESUBMIT_DELAY_MS = 5_000;

export class JobWindowGaveUpError extends CcpulseError {
  constructor(stream: string, [from, to]: [number, number], failures: string[]) {
    super(
      'JOB_WINDOW_GAVE_UP',
      `${stream}: gave up on the window ${new Date(from).toISOString()}..${new Date(to).toISOString()} after ${failures.length} async jobs failed (${failures.join('; ')})`,
      'Genesys could not run the job for this window: the windows before it are stored and its checkpoint is unchanged, so the next run tries it again. If it keeps failing, check Genesys status and the analytics job limits.',
    );
  }
}

export async function syncWindowThroughJob(ctx: StreamContext, step: WindowStep, deps: JobWindowDeps): Promise<number> {
  const [from, to] = step.window;
  const logger = deps.logger ?? silentLogger;
  const stored = jobState.safeParse(step.resume);
  let job: JobState | undefined = stored.success ? stored.data : undefined;
  const failures: string[] = [];
  for (;;) {
    if (!job) {
      const submittedAt = ctx.clock.now();
      // A lost answer to a submit leaves an orphan job that expires unread: cheaper than failing the window.
      const jobId = await submitDetailsJob(deps.client, from, to, ctx.signal, { retryTransientFailures: true });
      job = { jobId, submittedAt };
      await ctx.sink.writeBatch({ checkpoint: step.inFlight(jobJson(job)) });
    } else {
      logger.info({ stream: step.stream, from, to, page: job.cursor ? 'next' : 'first' }, 'resuming async job');
    }
    try {
      return await readJob(ctx, step, deps, job);
    } catch (error) {
      if (!jobIsGone(error)) throw error;
      failures.push((error as Error).message);
      if (failures.length >= MAX_JOBS_PER_WINDOW) {
        const gaveUp = new JobWindowGaveUpError(step.stream, step.window, failures);
        logger.error(
          { stream: step.stream, from, to, err: gaveUp.message },
          'async jobs keep failing; window given up',
        );
        throw gaveUp;
      }
      const delayMs = RESUBMIT_DELAY_MS * 2 ** (failures.length - 1);
      logger.warn(
        { stream: step.stream, from, to, err: (error as Error).message, attempt: failures.length, delayMs },
        'async job gone; submitting again',
      );
      await ctx.clock.sleep(delayMs, ctx.signal);
      job = undefined;
    }
  }
}

async function readJob(ctx: StreamContext, step: WindowStep, deps: JobWindowDeps, job: JobState): Promise<number> {
  await waitForDetailsJob(deps.client, job.jobId, { clock: ctx.clock, signal: ctx.signal });
  const pages = detailsJobResultPages(deps.client, deps.org, job.jobId, {
    cursor: job.cursor,
    pageSize: deps.pageSize,
    signal: ctx.signal,
    reader: ctx.jobPages,
  });
  const rows = await writeJobPages(
    ctx.sink,
    pages,
    // The job's data is as of its submission, which is what decides whether the window is final.
    (next) => (next ? step.inFlight(jobJson({ ...job, cursor: next })) : step.done(job.submittedAt)),
    (n) => ctx.onRows(step.stream, n),
    ctx.jobPages.working?.bind(ctx.jobPages),
  );
  // Read and committed: free the job now rather than let it wait for its expiry.
  await deleteDetailsJob(deps.client, job.jobId).catch((error: unknown) =>
    (deps.logger ?? silentLogger).warn({ stream: step.stream, err: (error as Error).message }, 'async job not deleted'),
  );
  return rows;
}

/** The job can no longer give its results: ended badly, expired, unknown, or its results refused. */
function jobIsGone(error: unknown): boolean {
  return (
    error instanceof DetailsJobFailedError ||
    error instanceof NotFoundError ||
    (error instanceof ApiError && error.status === 400)
  );
}

function jobJson(job: JobState): Json {
  return job.cursor === undefined
    ? { jobId: job.jobId, submittedAt: job.submittedAt }
    : { jobId: job.jobId, submittedAt: job.submittedAt, cursor: job.cursor };
}
