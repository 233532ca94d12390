import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLER_MATCHES, createCallerLookup } from '../../server/customers/caller-lookup.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
const customer = (displayName: string, phones: string[], emails: string[] = []) => ({
  _id: new Types.ObjectId(),
  displayName,
  phones: phones.map((number) => ({ label: 'mobile', number })),
  emails: emails.map((address) => ({ label: 'home', address })),
});
const names = (matches: Array<{ displayName: string }>) => matches.map((m) => m.displayName).sort();
const finds = (commands: Awaited<ReturnType<typeof commandsDuring>>) => commands.filter((c) => c.name === 'find' && c.collection === 'customers');

beforeAll(async () => {
  db = await freshDatabase('callers');
  const customers = db.conn.collection('customers');
  await customers.createIndex({ 'phones.number': 1 });
  await customers.createIndex({ 'emails.address': 1 });
  await customers.insertMany([
    customer('Ana Pop', ['+40711000001']),
    customer('Mihai Pop', ['+40711000002', '+40711000009'], ['mihai@example.ro']),
    customer('Ioana Pop', ['+40711000009']),
    // A switchboard's number, on more customers than one caller is ever matched with.
    ...Array.from({ length: 25 }, (_, i) => customer(`Desk ${String(i).padStart(2, '0')}`, ['+40212000000'])),
  ]);
});
afterAll(() => db.drop());

describe('who is calling, looked up for every caller of a turn at once', () => {
  it('reads the callers of one turn with one command, each answered with the customers holding its own number', async () => {
    const lookup = createCallerLookup(db.conn.collection('customers'));
    let found: Array<Array<{ displayName: string }>> = [];
    const commands = await commandsDuring(db.conn, async () => {
      found = await Promise.all([lookup.byPhone('+40711000001'), lookup.byPhone('+40711000009'), lookup.byPhone('+40799999999'), lookup.byPhone('+40711000001')]);
    });
    expect(found.map(names)).toEqual([['Ana Pop'], ['Ioana Pop', 'Mihai Pop'], [], ['Ana Pop']]);
    expect(finds(commands)).toHaveLength(1);
  });

  it('matches e-mail addresses on their own field, apart from the numbers', async () => {
    const lookup = createCallerLookup(db.conn.collection('customers'));
    const [byMail, byPhone] = await Promise.all([lookup.byEmail('mihai@example.ro'), lookup.byPhone('+40711000002')]);
    expect(names(byMail)).toEqual(['Mihai Pop']);
    expect(names(byPhone)).toEqual(['Mihai Pop']);
    expect(Object.keys(byMail[0]).sort()).toEqual(['_id', 'displayName']);
  });

  it('reads a number many customers share on its own, so it crowds no other caller out and is cut at the same count as alone', async () => {
    const lookup = createCallerLookup(db.conn.collection('customers'));
    let found: Array<Array<{ displayName: string }>> = [];
    const commands = await commandsDuring(db.conn, async () => {
      found = await Promise.all([lookup.byPhone('+40212000000'), lookup.byPhone('+40711000001')]);
    });
    expect(found[0]).toHaveLength(CALLER_MATCHES);
    expect(names(found[1])).toEqual(['Ana Pop']);
    // The batch filled its cap (10 a caller, plus one: 26 customers hold the two numbers), so each caller was read alone.
    expect(finds(commands).map((c) => c.command.limit)).toEqual([2 * CALLER_MATCHES + 1, CALLER_MATCHES, CALLER_MATCHES]);
    expect(await lookup.byPhone('+40212000000')).toHaveLength(CALLER_MATCHES);
  });

  it('cuts a shared number at the same count in a batch that did not fill', async () => {
    const lookup = createCallerLookup(db.conn.collection('customers'));
    // 25 + 1 + 2 customers under a cap of 31: one read, the switchboard's matches cut to 10 as alone.
    const found = await Promise.all([lookup.byPhone('+40212000000'), lookup.byPhone('+40711000001'), lookup.byPhone('+40711000009')]);
    expect(found.map((f) => f.length)).toEqual([CALLER_MATCHES, 1, 2]);
  });
});
