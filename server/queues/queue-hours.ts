import type { QueueHours } from '../../shared/schemas/queue-hours.js';
import type { Models } from '../db/models.js';
import { isOpenAt } from './open-hours.js';

/** Reads queues' business hours; a queue without hours configured is always open. */
export function createQueueHours(models: Models) {
  const { QueueHours: Hours } = models;
  return {
    async of(queue: string): Promise<QueueHours | null> {
      const d = await Hours.findOne({ queue }, { _id: 0, timeZone: 1, week: 1, holidays: 1 }).lean();
      return d ? { timeZone: d.timeZone, week: d.week as QueueHours['week'], holidays: d.holidays ?? [] } : null;
    },
    async isOpen(queue: string, at = new Date()): Promise<boolean> {
      const hours = await this.of(queue);
      return !hours || isOpenAt(hours, at);
    },
  };
}
export type QueueHoursService = ReturnType<typeof createQueueHours>;
