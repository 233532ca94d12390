import type { Types } from 'mongoose';
import type { CallbackClose, CallbackCreate, CallbackFilter, CallbackTask } from '../../shared/schemas/callbacks.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { forbidden, notFound, refused } from '../http/errors.js';
import { type CallbackRepository, toCallbackTask } from './callbacks.repository.js';
import type { CallbackDoc } from './callback.model.js';

/** A list this long is a backlog to fix, not a screen to scroll: the oldest come first and the rest wait. */
export const LIST_LIMIT = 500;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Who may see and work callback tasks, and the audit of every write. Agents see the tasks of the
 * queues they take (their user's `skills`, as routing reads them; none: every queue);
 * telemarketers and supervisors see every queue. Only the person who claimed a task, or a
 * supervisor, releases or closes it. Writes go through the repository (one bus event each).
 */
export function createCallbackService(models: Models, repo: CallbackRepository, audit: AuditService) {
  const { Callback, User } = models;

  /** The queues a user's list is limited to; null: every queue. */
  async function queuesOf(user: TokenClaims): Promise<string[] | null> {
    if (user.role !== 'agent') return null;
    const u = await User.findById(user.userId, { skills: 1 }).lean();
    return u?.skills?.length ? u.skills : null;
  }

  /** The task, if this user may see it (an agent's other queues answer 404, as if it did not exist). */
  async function visible(id: string, user: TokenClaims): Promise<CallbackTask> {
    const task = await repo.get(id);
    const queues = task && (await queuesOf(user));
    if (!task || (queues && !queues.includes(task.queue))) throw notFound('callback');
    return task;
  }

  const displayName = async (user: TokenClaims) => (await User.findById(user.userId, { displayName: 1 }).lean())?.displayName || user.username;

  const record = (user: TokenClaims, action: string, before: CallbackTask | null, after: CallbackTask, id?: Types.ObjectId) =>
    audit.record(
      {
      actor: user,
      action: `callback.${action}`,
      entity: { type: 'callback', id: after.id },
      customerId: after.customerId ?? undefined,
      before: before && { state: before.state, claimedBy: before.claimedByName },
      after: { state: after.state, queue: after.queue, claimedBy: after.claimedByName, outcome: after.outcome },
      },
      id,
    );

  const supervises = (user: TokenClaims) => user.role === 'supervisor';

  return {
    /** Not done yet (open and claimed) unless a state is asked for; oldest first. */
    async list(filter: Omit<CallbackFilter, 'format'>, user: TokenClaims): Promise<CallbackTask[]> {
      const queues = await queuesOf(user);
      if (filter.queue && queues && !queues.includes(filter.queue)) return [];
      const q = filter.q?.trim();
      const query: Record<string, unknown> = {
        state: filter.state ?? { $in: ['open', 'claimed'] },
        ...(filter.queue ? { queue: filter.queue } : queues ? { queue: { $in: queues } } : {}),
        ...(q ? { $or: ['name', 'phone', 'message'].map((f) => ({ [f]: { $regex: escapeRegex(q), $options: 'i' } })) } : {}),
      };
      const docs = await Callback.find(query).sort({ createdAt: 1, _id: 1 }).limit(LIST_LIMIT).lean<CallbackDoc[]>();
      return docs.map(toCallbackTask);
    },

    /** `ids`: the task's and its audit entry's ids when the request may be a retry (`idempotentId`). */
    async create(input: CallbackCreate, user: TokenClaims, ids: { task?: Types.ObjectId; audit?: Types.ObjectId } = {}): Promise<CallbackTask> {
      const task = await repo.create({ ...input, customerId: input.customerId ?? null, source: 'agent' }, ids.task);
      await record(user, 'created', null, task, ids.audit);
      return task;
    },

    /** 409 CALLBACK_TAKEN when someone else has it; claiming one's own task again answers it as it is. */
    async claim(id: string, user: TokenClaims): Promise<CallbackTask> {
      const before = await visible(id, user);
      const task = await repo.claim(id, { userId: user.userId, name: await displayName(user) });
      if (task) {
        await record(user, 'claimed', before, task);
        return task;
      }
      const now = await visible(id, user);
      if (now.state === 'claimed' && now.claimedBy === user.userId) return now;
      if (now.state === 'claimed') throw refused('CALLBACK_TAKEN', `${now.claimedByName ?? 'someone'} has taken this callback`, { by: now.claimedByName ?? '' });
      throw refused('CALLBACK_DONE', 'this callback is closed already');
    },

    async release(id: string, user: TokenClaims): Promise<CallbackTask> {
      const before = await visible(id, user);
      if (before.state !== 'claimed') throw refused('CALLBACK_NOT_CLAIMED', 'nobody has taken this callback');
      if (before.claimedBy !== user.userId && !supervises(user)) throw forbidden('only who took a callback, or a supervisor, gives it back', 'CALLBACK_NOT_YOURS');
      const task = await repo.release(id, supervises(user) ? null : user.userId);
      if (!task) throw refused('CALLBACK_CHANGED', 'this callback changed meanwhile; reload it');
      await record(user, 'released', before, task);
      return task;
    },

    async close(id: string, input: CallbackClose, user: TokenClaims): Promise<CallbackTask> {
      const before = await visible(id, user);
      if (before.state === 'done') throw refused('CALLBACK_DONE', 'this callback is closed already');
      if (!supervises(user) && before.claimedBy !== user.userId) throw forbidden('only who took a callback, or a supervisor, closes it', 'CALLBACK_NOT_YOURS');
      const task = await repo.close(id, supervises(user) ? null : user.userId, input);
      if (!task) throw refused('CALLBACK_CHANGED', 'this callback changed meanwhile; reload it');
      await record(user, 'closed', before, task);
      return task;
    },
  };
}
export type CallbackService = ReturnType<typeof createCallbackService>;

