import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECENT_INTERACTIONS, createRecentHistory } from '../../server/customers/recent-history.js';
import { createModels } from '../../server/db/models.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
// Three customers in the order the index holds them (an ObjectId's bytes, as its hex string).
const [first, long, last] = Array.from({ length: 3 }, () => new Types.ObjectId()).sort((a, b) => String(a).localeCompare(String(b)));
const quiet = new Types.ObjectId();
const started = Date.now();
const history = (customerId: Types.ObjectId, n: number) =>
  Array.from({ length: n }, (_, i) => ({ customerId, callId: `${String(customerId)}-${i}`, createdAt: new Date(started - i * 60_000), n: i, transcript: [{ text: 'not read' }], events: [{ type: 'call.ringing' }] }));
const reads = (commands: Awaited<ReturnType<typeof commandsDuring>>) => commands.filter((c) => c.name === 'find' && c.collection === 'interactions');
const numbers = (docs: Array<Record<string, unknown>>) => docs.map((d) => d.n);
const newest = (n: number) => Array.from({ length: Math.min(n, RECENT_INTERACTIONS) }, (_, i) => i);

beforeAll(async () => {
  db = await freshDatabase('history');
  const interactions = db.conn.collection('interactions');
  await interactions.createIndex({ customerId: 1, createdAt: -1 });
  await interactions.insertMany([...history(first, 2), ...history(long, 3 * RECENT_INTERACTIONS), ...history(last, 3)]);
});
afterAll(() => db.drop());

describe("the pictures' timelines, read for every pop of a turn at once", () => {
  it('reads the history of the customers popped in one turn with one command, each newest first and without transcripts', async () => {
    const historyOf = createRecentHistory(createModels(db.conn).Interaction);
    let found: Array<Array<Record<string, unknown>>> = [];
    const commands = await commandsDuring(db.conn, async () => {
      found = await Promise.all([historyOf(first), historyOf(last), historyOf(quiet), historyOf(first)]);
    });
    expect(found.map(numbers)).toEqual([newest(2), newest(3), [], newest(2)]);
    expect(found.flat().some((d) => d.transcript !== undefined || d.events !== undefined)).toBe(false);
    expect(reads(commands)).toHaveLength(1);
  });

  it("reads alone the customers from a long history on, so nobody's timeline is cut short by another's", async () => {
    const historyOf = createRecentHistory(createModels(db.conn).Interaction);
    let found: Array<Array<Record<string, unknown>>> = [];
    const commands = await commandsDuring(db.conn, async () => {
      found = await Promise.all([historyOf(last), historyOf(long), historyOf(first)]);
    });
    expect(found.map(numbers)).toEqual([newest(3), newest(3 * RECENT_INTERACTIONS), newest(2)]);
    // The batch (20 a customer, plus one) filled inside the long history: it and the customer after it
    // were read again alone; the first customer's two came whole from the batch.
    expect(reads(commands).map((c) => c.command.limit)).toEqual([3 * RECENT_INTERACTIONS + 1, RECENT_INTERACTIONS, RECENT_INTERACTIONS]);
  });

  it('gives a long history its newest 20 from a batch that did not fill', async () => {
    const historyOf = createRecentHistory(createModels(db.conn).Interaction);
    const extra = Array.from({ length: 4 }, () => new Types.ObjectId());
    // 2 + 60 + 3 interactions under a cap of 7 × 20 + 1.
    const found = await Promise.all([first, long, last, ...extra].map((id) => historyOf(id)));
    expect(found.map(numbers)).toEqual([newest(2), newest(3 * RECENT_INTERACTIONS), newest(3), [], [], [], []]);
  });
});
