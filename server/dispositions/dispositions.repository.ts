import { BUILT_IN_DISPOSITIONS, type DispositionCode, type DispositionCodeInput, type DispositionDirection } from '../../shared/schemas/dispositions.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import { AppError, badRequest, refused } from '../http/errors.js';
import type { DispositionCodeDoc } from './disposition.model.js';
import { codeAt, codesFor, type Where } from './disposition-scope.js';

export const toDispositionCode = (d: DispositionCodeDoc): DispositionCode => ({
  id: String(d._id),
  code: d.code,
  label: d.label,
  labels: (d.labels ?? {}) as DispositionCode['labels'],
  scope: d.scope,
  direction: d.direction as DispositionDirection,
  endsContact: d.endsContact,
  action: (d.action ?? 'none') as DispositionCode['action'],
  active: d.active !== false,
  builtIn: !!d.builtIn,
  updatedAt: d.updatedAt?.toISOString(),
  ...(d.updatedBy ? { updatedBy: d.updatedBy } : {}),
});

const notFound = () => new AppError('DISPOSITION_NOT_FOUND', 'no such disposition code', 404);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Read on every recorded disposition: kept for a few seconds (another process's change shows within
// them; this process's own change at once).
const TTL_MS = 5000;

/**
 * Disposition codes as admins configured them. A new installation gets the console's own codes; a code
 * is archived (inactive), never deleted, so the interactions that have it keep their meaning. The only
 * writer of `dispositioncodes`: each write is audited and publishes `disposition:changed`.
 */
export function createDispositionRepository(models: Models, bus: EventBus, audit: AuditService) {
  const { DispositionCode: Codes } = models;
  let cached: DispositionCode[] | undefined;
  let cachedAt = 0;

  async function all(): Promise<DispositionCode[]> {
    if (cached && Date.now() - cachedAt < TTL_MS) return cached;
    const read = () => Codes.find({}).sort({ direction: 1, position: 1, code: 1, scope: 1 }).lean<DispositionCodeDoc[]>();
    let docs = await read();
    if (!docs.some((d) => d.builtIn)) {
      // First start: the console's own codes (never deleted, so they are there from then on; two
      // processes starting together insert them once: the index is unique).
      await Codes.bulkWrite(
        BUILT_IN_DISPOSITIONS.map((c, position) => ({
          updateOne: { filter: { direction: c.direction, code: c.code, scope: 'all' }, update: { $setOnInsert: { ...c, scope: 'all', labels: {}, active: true, builtIn: true, position } }, upsert: true },
        })),
        { ordered: false },
      );
      docs = await read();
    }
    cached = docs.map(toDispositionCode);
    cachedAt = Date.now();
    return cached;
  }

  async function byId(id: string): Promise<DispositionCode> {
    const found = (await all()).find((c) => c.id === id) ?? (await Codes.findById(id).lean<DispositionCodeDoc>().then((d) => d && toDispositionCode(d)));
    if (!found) throw notFound();
    return found;
  }

  function changed(doc: DispositionCodeDoc): DispositionCode {
    cached = undefined;
    const code = toDispositionCode(doc);
    bus.emit('disposition:changed', { code });
    return code;
  }

  const taken = (input: Pick<DispositionCodeInput, 'code' | 'direction' | 'scope'>) =>
    refused('DISPOSITION_CODE_TAKEN', `the ${input.direction} code "${input.code}" already exists for ${input.scope}`, { code: input.code, scope: input.scope });
  const onDuplicate = (input: DispositionCodeInput) => (err: { code?: number }) => {
    if (err.code === 11000) throw taken(input);
    throw err;
  };

  return {
    all,

    /** The admin list: by direction and code, narrowed by a search and direction, archived ones on request. */
    async list(filter: { q?: string; direction?: DispositionDirection; status: 'active' | 'all' }): Promise<DispositionCode[]> {
      const re = filter.q ? new RegExp(escapeRegex(filter.q), 'i') : undefined;
      return (await all()).filter(
        (c) => (filter.status === 'all' || c.active) && (!filter.direction || c.direction === filter.direction) && (!re || re.test(c.code) || re.test(c.label) || re.test(c.scope)),
      );
    },

    /** The active codes one may record on an interaction of a queue, or a call of a campaign. */
    async usable(where: Where): Promise<DispositionCode[]> {
      return codesFor(await all(), where);
    },

    /**
     * The code as it applies where it is recorded; refused (400) when it is not an active code there.
     * Called by whoever records a disposition (interactions, the dialer).
     */
    async check(code: string, where: Where): Promise<DispositionCode> {
      const found = codeAt(await all(), code, where);
      if (!found) {
        const place = where.queue ? `the queue ${where.queue}` : where.campaignId ? 'this campaign' : 'here';
        throw badRequest(`"${code}" is not a disposition you can record on ${place}`, undefined, 'DISPOSITION_NOT_ALLOWED', { code });
      }
      return found;
    },

    async create(input: DispositionCodeInput, actor: TokenClaims): Promise<DispositionCode> {
      if (await Codes.exists({ direction: input.direction, code: input.code, scope: input.scope })) throw taken(input);
      const created = await Codes.create({ ...input, builtIn: false, updatedBy: actor.username }).catch(onDuplicate(input));
      const code = changed(created.toObject() as DispositionCodeDoc);
      await audit.record({ actor, action: 'disposition.created', entity: { type: 'setting', id: `disposition.${code.id}` }, after: code });
      return code;
    },

    byId,

    /** Changes a code; the console's own keep their code, direction and behaviour (its logic is written for them). */
    async update(id: string, input: DispositionCodeInput, actor: TokenClaims): Promise<DispositionCode> {
      const before = await byId(id);
      if (before.builtIn && (input.code !== before.code || input.direction !== before.direction || input.action !== before.action))
        throw badRequest(`"${before.code}" is one of the console's own codes: its code, direction and action stay`, undefined, 'DISPOSITION_BUILT_IN', { code: before.code });
      const doc = await Codes.findByIdAndUpdate(id, { $set: { ...input, updatedBy: actor.username } }, { returnDocument: 'after', runValidators: true })
        .lean<DispositionCodeDoc>()
        .catch(onDuplicate(input));
      if (!doc) throw notFound();
      const code = changed(doc);
      await audit.record({ actor, action: 'disposition.changed', entity: { type: 'setting', id: `disposition.${id}` }, before, after: code });
      return code;
    },

    /** Archives a code: no longer offered; what was recorded with it keeps it. */
    async archive(id: string, actor: TokenClaims): Promise<DispositionCode> {
      const before = await byId(id);
      const doc = await Codes.findByIdAndUpdate(id, { $set: { active: false, updatedBy: actor.username } }, { returnDocument: 'after' }).lean<DispositionCodeDoc>();
      if (!doc) throw notFound();
      const code = changed(doc);
      await audit.record({ actor, action: 'disposition.archived', entity: { type: 'setting', id: `disposition.${id}` }, before, after: code });
      return code;
    },
  };
}
export type DispositionRepository = ReturnType<typeof createDispositionRepository>;
