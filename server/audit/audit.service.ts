import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { AuditEntityType, AuditEntry, AuditExportQuery, AuditPage, AuditQuery } from '../../shared/schemas/audit.js';
import { createOnce } from '../db/create-once.js';
import { newDocuments } from '../db/new-document.js';
import { insertsPerTurn } from '../db/inserts-per-turn.js';
import { isObjectIdString } from '../../shared/schemas/common.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Connection } from 'mongoose';
import { type AuditDoc, auditModel } from './audit.model.js';
import { csvLine } from '../http/csv.js';

export type Actor = Pick<TokenClaims, 'userId' | 'username' | 'role'> | { username: string; role: 'system'; userId?: undefined };
export const SYSTEM: Actor = { username: 'system', role: 'system' };

export interface AuditRecord {
  actor: Actor;
  action: string;
  entity: { type: AuditEntityType; id: string };
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

const toEntry = (d: AuditDoc): AuditEntry => ({
  id: String(d._id),
  at: d.at,
  actor: { userId: d.actor?.userId ?? undefined, username: d.actor?.username ?? '', role: (d.actor?.role ?? 'system') as AuditEntry['actor']['role'] },
  action: d.action,
  entity: { type: d.entity!.type as AuditEntityType, id: d.entity!.id },
  customerId: d.customerId ? String(d.customerId) : undefined,
  before: d.before ?? undefined,
  after: d.after ?? undefined,
  detail: d.detail ?? undefined,
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filterOf(q: Omit<AuditQuery, 'page' | 'pageSize'>) {
  const f: Record<string, unknown> = {};
  if (q.actor) f['actor.username'] = q.actor;
  if (q.action) f.action = { $regex: `^${escapeRegex(q.action)}` };
  // `entity` is a type ("customer"), an id, or "type:id".
  if (q.entity) {
    const [a, b] = q.entity.split(':');
    if (b) Object.assign(f, { 'entity.type': a, 'entity.id': b });
    else if (isObjectIdString(a)) f.$or = [{ 'entity.id': a }, { customerId: new Types.ObjectId(a) }];
    else f['entity.type'] = a;
  }
  if (q.from || q.to) f.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
  return f;
}

const CSV_COLUMNS = ['at', 'actor', 'role', 'action', 'entityType', 'entityId', 'customerId', 'before', 'after', 'detail'] as const;

/**
 * The append-only audit log. `record` is the one way in (every feature calls it); reads are for
 * admins and for access requests.
 */
export function createAuditService(conn: Connection, logger: Logger) {
  const Audit = auditModel(conn);
  const entryOf = (r: AuditRecord) => ({
    at: new Date(),
    actor: { userId: r.actor.userId, username: r.actor.username, role: r.actor.role },
    action: r.action,
    entity: r.entity,
    customerId: r.customerId && Types.ObjectId.isValid(r.customerId) ? new Types.ObjectId(r.customerId) : null,
    before: r.before,
    after: r.after,
    detail: r.detail,
  });
  // Entries are built as the schema stores them and inserted through the driver (new-document.ts): their
  // values are typed here (AuditRecord), so mongoose's building and validating checked nothing.
  const newEntry = newDocuments(Audit);
  // Entries wait for the end of this turn of the event loop (or for the insert in flight) and go in
  // together: at 50 pops and 30 dispositions a second that is one insert (and one journal sync) for
  // several entries instead of one each. A change's entry is awaited (stored before its request is
  // answered); a read's is not.
  const entries = insertsPerTurn(Audit.collection);
  return {
    model: Audit,
    /** `id`: the entry's id when the request may be a retry (`idempotentId`): an entry stored by an earlier try is kept, not doubled. */
    async record(r: AuditRecord, id?: Types.ObjectId): Promise<void> {
      if (id) await createOnce(Audit, entryOf(r), id);
      else await entries.add(newEntry(entryOf(r)));
    },
    /** For reads (pictures opened): never delays or fails the answer, but a lost entry is logged. */
    note(r: AuditRecord): void {
      entries.add(newEntry(entryOf(r))).catch((err: unknown) => logger.error({ err, action: r.action }, 'audit: could not record'));
    },
    /** Writes the entries noted so far and waits for every such write (closing the console). */
    settle: (): Promise<void> => entries.settle(),
    async list(q: AuditQuery): Promise<AuditPage> {
      const filter = filterOf(q);
      const [items, total] = await Promise.all([
        Audit.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<AuditDoc[]>(),
        Audit.countDocuments(filter),
      ]);
      return { items: items.map(toEntry), total, page: q.page, pageSize: q.pageSize };
    },
    async about(customerId: string): Promise<AuditEntry[]> {
      const docs = await Audit.find({ customerId: new Types.ObjectId(customerId) }).sort({ at: 1 }).lean<AuditDoc[]>();
      return docs.map(toEntry);
    },
    /** Streams matching entries, oldest first, as CSV or NDJSON lines. */
    async *export(q: AuditExportQuery): AsyncGenerator<string> {
      if (q.format === 'csv') yield csvLine(CSV_COLUMNS);
      const cursor = Audit.find(filterOf(q)).sort({ at: 1, _id: 1 }).lean<AuditDoc[]>().cursor();
      for await (const d of cursor as AsyncIterable<AuditDoc>) {
        const e = toEntry(d);
        if (q.format === 'ndjson') yield `${JSON.stringify(e)}\n`;
        else
          yield csvLine([e.at, e.actor.username, e.actor.role, e.action, e.entity.type, e.entity.id, e.customerId, e.before, e.after, e.detail]);
      }
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
