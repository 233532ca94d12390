import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFilterOf, searchTokensOf } from '../../server/customers/search-terms.js';
import { backfillSearchTokens } from '../../server/customers/search-tokens-backfill.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

describe('search terms', () => {
  it.each([
    ['Ada Lovelace', [], [], ['ada', 'lovelace']],
    ['Zoë  Böhm-Öz', [], [], ['zoe', 'bohm', 'oz']],
    ['王伟', [], [], ['王伟']],
    ['مریم رضایی', [], [], ['مریم', 'رضایی']],
    ['Acme Ltd', [{ address: 'Buying@Acme.example' }], [{ number: '+44 20 7946 0001' }], ['acme', 'ltd', 'buying@acme.example', '442079460001']],
  ])('tokens of %s', (displayName, emails, phones, tokens) => {
    expect(searchTokensOf({ displayName, emails, phones })).toEqual(tokens);
  });

  it.each([
    ['ada', { searchTokens: { $regex: '^ada' } }],
    ['  Zoë ', { searchTokens: { $regex: '^zoe' } }],
    ['ada love', { $and: [{ searchTokens: { $regex: '^ada' } }, { searchTokens: { $regex: '^love' } }] }],
    ['ann@ex.com', { searchTokens: { $regex: '^ann@ex\\.com' } }],
    ['(0)7700-90', { searchTokens: { $regex: '^0770090' } }],
    ['a.*b', { $and: [{ searchTokens: { $regex: '^a' } }, { searchTokens: { $regex: '^b' } }] }],
    ['!!!', null],
  ])('the filter for %j', (q, filter) => {
    expect(searchFilterOf(q)).toEqual(filter);
  });
});

describe('customer search', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedFixtures(t.models);
    token = (await t.login('agent')).token;
  });
  afterAll(() => t.close());

  /** Finds and other commands (a count is an aggregate) the database has run on the customers (its `top`). */
  const customerTop = async () => {
    const { totals } = await t.models.Customer.db.db!.admin().command({ top: 1 });
    const mine = (totals as Record<string, { queries: { count: number }; commands: { count: number } }>)[`${t.models.Customer.db.name}.customers`];
    return { queries: mine?.queries.count ?? 0, commands: mine?.commands.count ?? 0 };
  };

  const search = async (q: string) =>
    (await t.api<{ items: Array<{ displayName: string }>; total: number }>('GET', `/api/customers?q=${encodeURIComponent(q)}`, { token })).body;

  it('finds customers by the start of any word of their name, accents and case folded, from the index', async () => {
    expect((await search('LOVE')).items.map((c) => c.displayName).sort()).toEqual(['Ada Lovelace', 'Ben Lovelace']);
    expect((await search('ben lov')).items.map((c) => c.displayName)).toEqual(['Ben Lovelace']);
    expect((await search('ovelace')).items).toEqual([]);
    const plan = (await t.models.Customer.find(searchFilterOf('lov')!).explain('queryPlanner')) as unknown as {
      queryPlanner: { winningPlan: { inputStage?: { stage: string; indexName: string } } };
    };
    expect(plan.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: 'searchTokens_1' });
  });

  it("lists each customer by the first of their phones, e-mails and addresses, and their segment", async () => {
    await t.models.Customer.collection.insertOne({
      kind: 'person',
      displayName: 'Quilla Several',
      searchTokens: ['quilla', 'several'],
      phones: [{ label: 'main', number: '+40700000001' }, { label: 'work', number: '+40700000002' }],
      emails: [{ label: 'main', address: 'q@first.example' }, { label: 'work', address: 'q@second.example' }],
      addresses: [{ label: 'home', line1: 'Strada 1', city: 'Cluj-Napoca', country: 'RO' }, { label: 'work', line1: 'Strada 2', city: 'Iași', country: 'RO' }],
      value: { recency: 5, frequency: 5, monetary: 5, segment: 'champions', lifetimeValue: 9000 },
    });
    const { items } = await search('quilla');
    expect(items).toEqual([
      { id: expect.any(String), displayName: 'Quilla Several', kind: 'person', phone: '+40700000001', email: 'q@first.example', city: 'Cluj-Napoca', segment: 'champions' },
    ]);
  });

  it('counts matches only up to a thousand', async () => {
    await t.models.Customer.insertMany(
      Array.from({ length: 1005 }, (_, i) => ({ kind: 'person', displayName: `Crowd Person ${i}`, searchTokens: ['crowd', 'person', String(i)] })),
    );
    const found = await search('crowd');
    expect(found.total).toBe(1000);
    expect(found.items.length).toBeGreaterThan(0);
  });

  it('counts only a full page: a page with room left is the total, in one command', async () => {
    await t.models.Customer.insertMany(Array.from({ length: 21 }, (_, i) => ({ kind: 'person', displayName: `Dozen Person ${i}`, searchTokens: ['dozenal', String(i)] })));
    await t.idle();
    const before = await customerTop();
    const few = await search('LOVE');
    expect(few).toMatchObject({ total: 2, items: [{ displayName: 'Ada Lovelace' }, { displayName: 'Ben Lovelace' }] });
    const afterFew = await customerTop();
    expect([afterFew.queries - before.queries, afterFew.commands - before.commands]).toEqual([1, 0]);
    // Twenty-one: a full page of twenty, and the count says how many there are.
    const full = await search('dozenal');
    expect([full.items.length, full.total]).toEqual([20, 21]);
    const afterFull = await customerTop();
    expect([afterFull.queries - afterFew.queries, afterFull.commands - afterFew.commands]).toEqual([1, 1]);
  });

  it('indexes customers stored before search tokens existed, and finds them afterwards', async () => {
    const old = await t.models.Customer.collection.insertOne({ kind: 'person', displayName: 'Grete Öberg', searchText: 'grete öberg', phones: [], emails: [] });
    expect((await search('oberg')).items).toEqual([]);
    const logged: unknown[] = [];
    expect(await backfillSearchTokens(t.models, { info: (o: unknown) => logged.push(o) } as never)).toBe(1);
    expect((await search('oberg')).items.map((c) => c.displayName)).toEqual(['Grete Öberg']);
    const stored = await t.models.Customer.collection.findOne({ _id: old.insertedId });
    expect(stored).toMatchObject({ searchTokens: ['grete', 'oberg'] });
    expect(stored).not.toHaveProperty('searchText');
    expect(logged).toContainEqual({ done: 1, total: 1 });
  });
});
