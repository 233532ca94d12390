import { Types } from 'mongoose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../../server/audit/audit.service.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let audit: ReturnType<typeof createAuditService>;

beforeAll(async () => {
  db = await freshDatabase('auditentries');
  audit = createAuditService(db.conn, pino({ level: 'silent' }));
  await audit.model.init();
});
afterAll(() => db?.drop());

const actor = { userId: new Types.ObjectId().toHexString(), username: 'agent', role: 'agent' as const };

describe('audit entries of changes', () => {
  it('stores the entries of changes made together in one insert, each stored before its caller goes on', async () => {
    const id = new Types.ObjectId().toHexString();
    const cmds = await commandsDuring(db.conn, () =>
      Promise.all([
        audit.record({ actor, action: 'interaction.updated', entity: { type: 'interaction', id }, before: { notes: 'was' }, after: { notes: 'is', extra: {} } }),
        audit.record({ actor, action: 'interaction.updated', entity: { type: 'interaction', id }, customerId: id, after: { disposition: 'sale' } }),
        audit.record({ actor: { username: 'system', role: 'system' }, action: 'team.created', entity: { type: 'setting', id: 'north' }, after: { name: 'north' } }),
      ]),
    );
    expect(cmds.filter((c) => c.collection === 'auditlog').map((c) => c.name)).toEqual(['insert']);
    const stored = await audit.model.find({}).sort({ _id: 1 }).lean();
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({ action: 'interaction.updated', actor, entity: { type: 'interaction', id }, customerId: null, before: { notes: 'was' }, after: { notes: 'is', extra: {} } });
    expect(String(stored[1].customerId)).toBe(id);
    // A system actor has no user id: none is stored, as mongoose stored none.
    expect(stored[2].actor).toEqual({ username: 'system', role: 'system' });
    expect(stored.every((e) => e.at instanceof Date)).toBe(true);
  });

  it('stores a retried request’s entry once, under the id its first try used', async () => {
    const entryId = new Types.ObjectId();
    const entry = { actor, action: 'customer.created', entity: { type: 'customer' as const, id: entryId.toHexString() } };
    await audit.record(entry, entryId);
    await audit.record(entry, entryId);
    expect(await audit.model.countDocuments({ _id: entryId })).toBe(1);
  });
});
