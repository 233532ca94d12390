import { CANNED_NO_TEAM, type CannedReply, type CannedReplyInput } from '../../shared/schemas/canned-replies.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import { notFound, refused } from '../http/errors.js';
import type { CannedReplyDoc } from './canned-reply.model.js';

export const toCannedReply = (d: CannedReplyDoc): CannedReply => ({
  id: String(d._id),
  title: d.title,
  shortcut: d.shortcut,
  text: d.text,
  team: d.team ?? null,
  updatedAt: d.updatedAt.toISOString(),
  ...(d.updatedBy ? { updatedBy: d.updatedBy } : {}),
});

/** Who is reading: back-office roles see every team's replies; anyone else everyone's and their own team's. */
export interface CannedViewer {
  role: TokenClaims['role'];
  /** The viewer's team (users.team), if any. */
  team?: string | null;
}

export interface CannedSearch {
  q?: string;
  team?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BACK_OFFICE: ReadonlyArray<TokenClaims['role']> = ['supervisor', 'admin'];

/**
 * The only writer of `cannedreplies`: each write is audited (before and after) and publishes
 * `canned-reply:changed` on the bus.
 */
export function createCannedReplyRepository(models: Models, bus: EventBus, audit: AuditService) {
  const { CannedReply } = models;

  const changed = (doc: CannedReplyDoc) => {
    const reply = toCannedReply(doc);
    bus.emit('canned-reply:changed', { reply, archived: !!doc.archived });
    return reply;
  };

  async function assertShortcutFree(input: CannedReplyInput, exceptId?: string) {
    const clash = await CannedReply.exists({
      team: input.team,
      shortcutKey: input.shortcut.toLowerCase(),
      archived: false,
      ...(exceptId ? { _id: { $ne: exceptId } } : {}),
    });
    if (clash) throw shortcutTaken(input);
  }
  const shortcutTaken = (input: CannedReplyInput) =>
    refused('CANNED_SHORTCUT_TAKEN', `the shortcut /${input.shortcut} is taken${input.team ? ` in team ${input.team}` : ''}`, { shortcut: input.shortcut, team: input.team ?? '' });
  /** The unique index refuses what a concurrent save took between the check and the write. */
  const onDuplicate = (input: CannedReplyInput) => (err: { code?: number }) => {
    if (err.code === 11000) throw shortcutTaken(input);
    throw err;
  };

  return {
    /** The active replies a viewer may use, matching the search, by shortcut. */
    async list(viewer: CannedViewer, search: CannedSearch = {}): Promise<CannedReply[]> {
      const filter: Record<string, unknown> = { archived: false };
      const visible = BACK_OFFICE.includes(viewer.role) ? undefined : [null, ...(viewer.team ? [viewer.team] : [])];
      let teams = visible;
      if (search.team) {
        const wanted = search.team === CANNED_NO_TEAM ? null : search.team;
        // An agent asking for another team's replies gets none rather than more.
        teams = visible && !visible.includes(wanted) ? [] : [wanted];
      }
      if (teams) filter.team = { $in: teams };
      if (search.q) {
        const re = { $regex: escapeRegex(search.q), $options: 'i' };
        filter.$or = [{ title: re }, { shortcut: re }, { text: re }];
      }
      const docs = await CannedReply.find(filter).sort({ shortcutKey: 1, team: 1 }).limit(1000).lean<CannedReplyDoc[]>();
      return docs.map(toCannedReply);
    },

    async create(input: CannedReplyInput, actor: TokenClaims): Promise<CannedReply> {
      await assertShortcutFree(input);
      const created = await CannedReply.create({ ...input, shortcutKey: input.shortcut.toLowerCase(), archived: false, updatedBy: actor.username }).catch(onDuplicate(input));
      const reply = changed(created.toObject() as CannedReplyDoc);
      await audit.record({ actor, action: 'canned-reply.created', entity: { type: 'setting', id: reply.id }, after: reply });
      return reply;
    },

    /** The reply as it stands, for a change given as some of its fields. */
    async current(id: string): Promise<CannedReply> {
      const doc = await CannedReply.findOne({ _id: id, archived: false }).lean<CannedReplyDoc>();
      if (!doc) throw notFound('cannedReply');
      return toCannedReply(doc);
    },

    async update(id: string, input: CannedReplyInput, actor: TokenClaims): Promise<CannedReply> {
      const before = await this.current(id);
      await assertShortcutFree(input, id);
      const doc = await CannedReply.findOneAndUpdate(
        { _id: id, archived: false },
        { $set: { ...input, shortcutKey: input.shortcut.toLowerCase(), updatedBy: actor.username } },
        { returnDocument: 'after', runValidators: true },
      )
        .lean<CannedReplyDoc>()
        .catch(onDuplicate(input));
      if (!doc) throw notFound('cannedReply');
      const reply = changed(doc);
      await audit.record({ actor, action: 'canned-reply.changed', entity: { type: 'setting', id }, before, after: reply });
      return reply;
    },

    /** Archives a reply: agents no longer see it, its shortcut is free again. */
    async archive(id: string, actor: TokenClaims): Promise<CannedReply> {
      const doc = await CannedReply.findOneAndUpdate({ _id: id, archived: false }, { $set: { archived: true, updatedBy: actor.username } }, { returnDocument: 'after' }).lean<CannedReplyDoc>();
      if (!doc) throw notFound('cannedReply');
      const reply = changed(doc);
      await audit.record({ actor, action: 'canned-reply.archived', entity: { type: 'setting', id }, before: reply });
      return reply;
    },
  };
}
export type CannedReplyRepository = ReturnType<typeof createCannedReplyRepository>;
