import type { Models } from '../db/models.js';

/**
 * Whether a token's user may still act: exists and is not disabled. Answers are cached for `ttlMs`
 * per user, so a busy agent costs one indexed read every few seconds, and disabling a user takes
 * effect on every route within that time.
 */
export function createActiveUsers(models: Models, ttlMs = 5000) {
  const cache = new Map<string, { active: boolean; until: number }>();
  return async function isActive(userId: string): Promise<boolean> {
    const hit = cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.active;
    const user = await models.User.findById(userId, { disabled: 1 }).lean();
    const active = !!user && !user.disabled;
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { active, until: Date.now() + ttlMs });
    return active;
  };
}
