import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { JobProgress } from '../../shared/schemas/imports.js';

export type { JobProgress };

/** Progress is written at most this often (and always at the end): a 10k-row import is a few writes, not 10k. */
const WRITE_EVERY_MS = 500;

/**
 * Tracks one kind of job in the `jobs` collection and publishes each recorded step on the bus (the
 * starter's screens are pushed `job:progress`). Writes are throttled and never delay the job: a failed
 * progress write is logged, and the next one carries the latest figures.
 */
export function createJobTracker(models: Models, bus: EventBus, logger: Logger, kind: string) {
  const { Job } = models;

  function publish(job: JobProgress, startedBy?: string) {
    if (startedBy) bus.emit('job:progress', { userId: startedBy, progress: job });
  }

  return {
    async start(jobId: string, type: string, total: number, startedBy?: string) {
      const now = new Date();
      await Job.create({ _id: jobId, kind, type, state: 'running', processed: 0, total, startedBy, startedAt: now, heartbeatAt: now });
      const job: JobProgress = { jobId, type, state: 'running', processed: 0, total };
      publish(job, startedBy);
      let lastWrite = 0;
      let writing: Promise<unknown> = Promise.resolve();
      const write = (fields: Record<string, unknown>) => {
        writing = writing.then(() => Job.updateOne({ _id: jobId }, { $set: { ...fields, heartbeatAt: new Date() } }).catch((err) => logger.warn({ err, jobId }, 'job progress: write failed')));
        return writing;
      };
      return {
        progress(processed: number, totalNow: number) {
          job.processed = processed;
          job.total = totalNow;
          const now = Date.now();
          if (now - lastWrite < WRITE_EVERY_MS) return;
          lastWrite = now;
          void write({ processed, total: totalNow });
          publish({ ...job }, startedBy);
        },
        async finish(state: 'done' | 'failed', error?: string) {
          job.state = state;
          if (state === 'done') job.processed = job.total;
          await write({ state, processed: job.processed, total: job.total, finishedAt: new Date(), ...(error ? { error } : {}) });
          publish({ ...job }, startedBy);
        },
      };
    },

    /** A job's progress as recorded, read by any process; null when unknown (or another kind). */
    async get(jobId: string): Promise<JobProgress | null> {
      const j = await Job.findOne({ _id: jobId, kind }).lean();
      return j ? { jobId: j._id, type: j.type, state: j.state as JobProgress['state'], processed: j.processed ?? 0, total: j.total ?? 0 } : null;
    },
  };
}
export type JobTracker = ReturnType<typeof createJobTracker>;
