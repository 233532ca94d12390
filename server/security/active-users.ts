import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { oneEach, batchedPerTurn } from '../db/batched-per-turn.js';

/** What the console reads of a user on each request and pop: whether they may act, and who they are. */
export interface Standing {
  active: boolean;
  epoch: number;
  role?: string;
  username?: string;
}

/**
 * Whether a token may still act: its user exists, is not disabled, and has not revoked it (its epoch
 * is the user's current token epoch). Answers are cached for `ttlMs` per user (10,000 users at most;
 * concurrent checks of one user share one read), so a busy agent costs one indexed read every few
 * seconds; a revocation in this process (`forget`) takes effect at once, one in another process within
 * `ttlMs`. `now` is the clock the TTL runs on (tests move it). The same read gives the user's role and
 * name to whoever needs them as often (a pop's recipient, `standing`): one cache, not two reading the
 * same user (under a busy floor's load, a read of every pop's agent and every request's agent).
 */
export function createActiveUsers(models: Models, opts: { ttlMs?: number; now?: () => number } = {}) {
  // The users whose standing ran out in one turn, read together (a busy floor's agents, each every few seconds).
  const usersById = batchedPerTurn(async (ids: readonly string[]) => {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    const found = valid.length ? await models.User.find({ _id: { $in: valid } }, { disabled: 1, tokenEpoch: 1, role: 1, username: 1 }).lean() : [];
    return oneEach(ids, found, (u) => u._id);
  });
  const cache = new LRUCache<string, Standing>({
    max: 10_000,
    ttl: opts.ttlMs ?? 5000,
    // On the wall clock (lru-cache uses `performance` by default): the app's clock, or Date, which tests can move.
    perf: { now: opts.now ?? (() => Date.now()) },
    fetchMethod: async (userId) => {
      const user = await usersById(userId);
      return { active: !!user && !user.disabled, epoch: user?.tokenEpoch ?? 0, role: user?.role, username: user?.username };
    },
  });
  async function isActive(userId: string, epoch = 0): Promise<boolean> {
    const standing = await cache.fetch(userId);
    return !!standing?.active && epoch === standing.epoch;
  }
  return Object.assign(isActive, {
    /** The user's standing as last read (within `ttlMs`); undefined for an unknown user. */
    standing: (userId: string) => cache.fetch(userId),
    forget(userId: string) {
      cache.delete(userId);
    },
  });
}
export type ActiveUsers = ReturnType<typeof createActiveUsers>;
