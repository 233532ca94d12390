import type { Types } from 'mongoose';
import type { CallbackClose, CallbackSource, CallbackTask } from '../../shared/schemas/callbacks.js';
import { createOnce } from '../db/create-once.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { CallbackDoc } from './callback.model.js';

export interface NewCallback {
  queue: string;
  name: string;
  phone: string;
  message: string;
  source: CallbackSource;
  site?: string;
  customerId?: string | null;
}

export const toCallbackTask = (d: CallbackDoc): CallbackTask => ({
  id: String(d._id),
  queue: d.queue,
  name: d.name,
  phone: d.phone,
  message: d.message ?? '',
  source: d.source as CallbackSource,
  ...(d.site ? { site: d.site } : {}),
  customerId: d.customerId ? String(d.customerId) : null,
  state: d.state as CallbackTask['state'],
  ...(d.claimedBy ? { claimedBy: String(d.claimedBy) } : {}),
  ...(d.claimedByName ? { claimedByName: d.claimedByName } : {}),
  ...(d.outcome ? { outcome: d.outcome as CallbackTask['outcome'] } : {}),
  ...(d.note ? { note: d.note } : {}),
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

/**
 * The only writer of callback tasks: each write publishes `callback:changed` on the bus (the
 * screens of agents, telemarketers and supervisors follow it).
 */
export function createCallbackRepository(models: Models, bus: EventBus) {
  const { Callback } = models;
  const changed = (doc: CallbackDoc) => {
    const task = toCallbackTask(doc);
    bus.emit('callback:changed', { task });
    return task;
  };

  return {
    /** `id`: the task's id when the request may be a retry (`idempotentId`): a task stored by an earlier try is returned (and not announced again). */
    async create(input: NewCallback, id?: Types.ObjectId): Promise<CallbackTask> {
      const { doc, created } = await createOnce<CallbackDoc>(Callback, { ...input, customerId: input.customerId ?? null, state: 'open' }, id);
      return created ? changed(doc) : toCallbackTask(doc);
    },
    async get(id: string): Promise<CallbackTask | null> {
      const d = await Callback.findById(id).lean<CallbackDoc>();
      return d ? toCallbackTask(d) : null;
    },
    /**
     * Takes an open task for one person, in one conditional write: of two claims at once exactly one
     * finds it open. Null: it was not open (gone, someone else's, done).
     */
    async claim(id: string, by: { userId: string; name: string }): Promise<CallbackTask | null> {
      const d = await Callback.findOneAndUpdate({ _id: id, state: 'open' }, { $set: { state: 'claimed', claimedBy: by.userId, claimedByName: by.name } }, { new: true }).lean<CallbackDoc>();
      return d ? changed(d) : null;
    },
    /** Back to the queue; `claimedBy` limits it to that person's claim (null: whoever holds it). */
    async release(id: string, claimedBy: string | null): Promise<CallbackTask | null> {
      const d = await Callback.findOneAndUpdate(
        { _id: id, state: 'claimed', ...(claimedBy ? { claimedBy } : {}) },
        { $set: { state: 'open' }, $unset: { claimedBy: 1, claimedByName: 1 } },
        { new: true },
      ).lean<CallbackDoc>();
      return d ? changed(d) : null;
    },
    /**
     * Done with an outcome. `claimedBy`: only that person's claim; null (a supervisor): a claimed or
     * still open task (a duplicate or a prank needs nobody to call first).
     */
    async close(id: string, claimedBy: string | null, input: CallbackClose): Promise<CallbackTask | null> {
      const d = await Callback.findOneAndUpdate(
        { _id: id, ...(claimedBy ? { state: 'claimed', claimedBy } : { state: { $in: ['open', 'claimed'] } }) },
        { $set: { state: 'done', outcome: input.outcome, note: input.note } },
        { new: true },
      ).lean<CallbackDoc>();
      return d ? changed(d) : null;
    },
  };
}
export type CallbackRepository = ReturnType<typeof createCallbackRepository>;
