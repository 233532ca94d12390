import type { QueueHours } from '../../shared/schemas/queue-hours.js';
import type { Models } from '../db/models.js';
import { isOpenAt } from './open-hours.js';

/** Queues' business hours (the only writer of them); a queue without hours configured is always open. */
export function createQueueHours(models: Models) {
  const { QueueHours: Hours } = models;
  return {
    /** Every queue the console knows of: agents' skills, queues with hours, queues callbacks were left on. */
    async known(): Promise<string[]> {
      const lists = await Promise.all([models.User.distinct('skills'), Hours.distinct('queue'), models.Callback.distinct('queue')]);
      return [...new Set(lists.flat().filter((q): q is string => typeof q === 'string' && q.length > 0))].sort();
    },
    async of(queue: string): Promise<QueueHours | null> {
      const d = await Hours.findOne({ queue }, { _id: 0, timeZone: 1, week: 1, holidays: 1 }).lean();
      return d ? { timeZone: d.timeZone, week: d.week as QueueHours['week'], holidays: d.holidays ?? [] } : null;
    },
    async isOpen(queue: string, at = new Date()): Promise<boolean> {
      const hours = await this.of(queue);
      return !hours || isOpenAt(hours, at);
    },
    /** Replaces a queue's hours; read at every `isOpen`, so they apply at once. Answers the hours before. */
    async set(queue: string, hours: QueueHours, by: string): Promise<QueueHours | null> {
      const before = await this.of(queue);
      await Hours.updateOne({ queue }, { $set: { ...hours, updatedBy: by } }, { upsert: true });
      return before;
    },
    /** The queue is always open again. Answers the hours it had. */
    async clear(queue: string): Promise<QueueHours | null> {
      const before = await this.of(queue);
      await Hours.deleteOne({ queue });
      return before;
    },
  };
}
export type QueueHoursService = ReturnType<typeof createQueueHours>;
