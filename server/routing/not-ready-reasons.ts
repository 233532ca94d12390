import type { TokenClaims } from '../auth/tokens.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Models } from '../db/models.js';
import { badRequest } from '../http/errors.js';
import { DEFAULT_NOT_READY_REASONS, SYSTEM_NOT_READY_REASONS, type NotReadyReason } from '../../shared/realtime/agent-state.js';

/**
 * The not-ready reasons agents pick from (break, lunch, training...), as an admin configured them.
 * A new installation gets the defaults; a reason left out of a new list is archived, never deleted,
 * so the state log's history keeps its meaning. The only writer of `notreadyreasons`.
 */
export function createNotReadyReasons(models: Models, audit: AuditService) {
  const { NotReadyReason: Reasons } = models;
  // Read on every not-ready choice: kept for a few seconds (another process's change shows within them).
  const TTL_MS = 5000;
  let cached: NotReadyReason[] | undefined;
  let cachedAt = 0;

  const toReason = (d: { code: string; label: string; active?: boolean | null }): NotReadyReason => ({ code: d.code, label: d.label, active: d.active !== false });

  async function all(): Promise<NotReadyReason[]> {
    if (cached && Date.now() - cachedAt < TTL_MS) return cached;
    let docs = await Reasons.find({}).sort({ position: 1, code: 1 }).lean();
    if (!docs.length) {
      // First start: the defaults (two processes starting together insert them once: code is unique).
      await Reasons.bulkWrite(
        DEFAULT_NOT_READY_REASONS.map((r, position) => ({ updateOne: { filter: { code: r.code }, update: { $setOnInsert: { ...r, position } }, upsert: true } })),
        { ordered: false },
      );
      docs = await Reasons.find({}).sort({ position: 1, code: 1 }).lean();
    }
    cached = docs.map(toReason);
    cachedAt = Date.now();
    return cached;
  }

  return {
    all,
    /** Reasons an agent may pick now. */
    async isActive(code: string) {
      return (await all()).some((r) => r.code === code && r.active);
    },
    /** Replaces the list (audited): new codes are added, changed ones updated, missing ones archived. */
    async replace(list: NotReadyReason[], actor: TokenClaims): Promise<NotReadyReason[]> {
      const codes = list.map((r) => r.code);
      const twice = codes.find((c, i) => codes.indexOf(c) !== i);
      if (twice) throw badRequest(`reason "${twice}" is listed twice`, undefined, 'REASON_TWICE', { reason: twice });
      const system = codes.find((c) => c in SYSTEM_NOT_READY_REASONS);
      if (system) throw badRequest(`"${system}" is a reason the system gives; pick another code`, undefined, 'REASON_RESERVED', { reason: system });
      if (!list.some((r) => r.active)) throw badRequest('keep at least one active reason, or agents could never go on a break', undefined, 'REASON_NONE_ACTIVE');
      const before = await all();
      await Reasons.bulkWrite([
        ...list.map((r, position) => ({ updateOne: { filter: { code: r.code }, update: { $set: { label: r.label, active: r.active, position } }, upsert: true } })),
        { updateMany: { filter: { code: { $nin: codes } }, update: { $set: { active: false } } } },
      ]);
      cached = undefined;
      const after = await all();
      await audit.record({ actor, action: 'not-ready-reasons.changed', entity: { type: 'setting', id: 'not-ready-reasons' }, before, after });
      return after;
    },
  };
}
export type NotReadyReasons = ReturnType<typeof createNotReadyReasons>;
