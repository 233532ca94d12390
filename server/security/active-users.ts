import type { Models } from '../db/models.js';

/**
 * Whether a token may still act: its user exists, is not disabled, and has not revoked it (its epoch
 * is the user's current token epoch). Answers are cached for `ttlMs` per user, so a busy agent costs
 * one indexed read every few seconds; a revocation in this process (`forget`) takes effect at once,
 * one in another process within `ttlMs`.
 */
export function createActiveUsers(models: Models, ttlMs = 5000) {
  const cache = new Map<string, { active: boolean; epoch: number; until: number }>();
  async function isActive(userId: string, epoch = 0): Promise<boolean> {
    let hit = cache.get(userId);
    if (!hit || hit.until <= Date.now()) {
      const user = await models.User.findById(userId, { disabled: 1, tokenEpoch: 1 }).lean();
      if (cache.size > 10_000) cache.clear();
      hit = { active: !!user && !user.disabled, epoch: user?.tokenEpoch ?? 0, until: Date.now() + ttlMs };
      cache.set(userId, hit);
    }
    return hit.active && epoch === hit.epoch;
  }
  return Object.assign(isActive, {
    forget(userId: string) {
      cache.delete(userId);
    },
  });
}
export type ActiveUsers = ReturnType<typeof createActiveUsers>;
