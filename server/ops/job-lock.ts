import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { isDuplicateKey } from '../db/duplicate-key.js';

/**
 * Runs a periodic job in one console process at a time, however many share the database: a run
 * claims the job's lock (free, or lapsed, and not started within the last `minGapMs`) in one atomic
 * write, renews it every third of `holdMs` while running, and frees it at the end. A process that dies
 * mid-run leaves a claim that lapses after `holdMs`.
 */
export function createJobLock(models: Models, job: string, holder: string, opts: { holdMs: number; minGapMs: number; logger: Logger }) {
  const { JobLock } = models;

  async function claim(): Promise<boolean> {
    const now = new Date();
    try {
      const got = await JobLock.findOneAndUpdate(
        {
          _id: job,
          $and: [{ $or: [{ until: null }, { until: { $lte: now } }, { holder }] }, { $or: [{ lastRunAt: null }, { lastRunAt: { $lte: new Date(now.getTime() - opts.minGapMs) } }] }],
        },
        { $set: { holder, until: new Date(now.getTime() + opts.holdMs), lastRunAt: now } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return !!got;
    } catch (err) {
      // The lock exists and is held (or ran recently): the upsert's insert met the existing _id.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  return {
    /** Runs `work` if this process wins the lock now; resolves whether it ran. */
    async runIfFree(work: () => Promise<unknown>): Promise<boolean> {
      if (!(await claim())) return false;
      const renew = setInterval(() => {
        JobLock.updateOne({ _id: job, holder }, { $set: { until: new Date(Date.now() + opts.holdMs) } }).catch((err) => opts.logger.warn({ err, job }, 'job lock: renewal failed'));
      }, Math.max(1000, opts.holdMs / 3));
      renew.unref();
      try {
        await work();
      } finally {
        clearInterval(renew);
        await JobLock.updateOne({ _id: job, holder }, { $set: { until: new Date(0) } }).catch((err) => opts.logger.warn({ err, job }, 'job lock: release failed'));
      }
      return true;
    },
  };
}
