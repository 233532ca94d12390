import type { CallbackSource, CallbackTask } from '../../shared/schemas/callbacks.js';
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
    async create(input: NewCallback): Promise<CallbackTask> {
      const created = await Callback.create({ ...input, customerId: input.customerId ?? null, state: 'open' });
      return changed(created.toObject() as CallbackDoc);
    },
  };
}
export type CallbackRepository = ReturnType<typeof createCallbackRepository>;
