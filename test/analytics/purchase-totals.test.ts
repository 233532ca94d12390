import { describe, expect, it } from 'vitest';
import { averageBasket, summarisePurchases, type PurchaseLike } from '../../server/customers/purchase-totals.js';
import { ValueAccumulator } from '../../server/analytics/value.js';

const d = (day: number) => new Date(Date.UTC(2026, 0, day));
const t = (day: number, total: number, ...items: Array<[string, string?]>): PurchaseLike => ({
  at: d(day),
  total,
  items: items.map(([sku, category]) => ({ sku, category })),
});

describe('summarisePurchases (the one computation of a customer\'s purchase totals)', () => {
  const cases: Array<[string, PurchaseLike[], ReturnType<typeof summarisePurchases>]> = [
    ['no purchases: zeros, no dates, nothing owned', [], { totals: { count: 0, spend: 0 }, owned: [] }],
    ['one purchase', [t(5, 49.99, ['DW', 'dishwashers'])], { totals: { count: 1, spend: 49.99, firstAt: d(5), lastAt: d(5) }, owned: [{ sku: 'DW', category: 'dishwashers', at: d(5) }] }],
    ['spend is kept to the cent (0.1 + 0.2)', [t(1, 0.1), t(2, 0.2)], { totals: { count: 2, spend: 0.3, firstAt: d(1), lastAt: d(2) }, owned: [] }],
    ['in any order: first and last by date', [t(9, 10), t(2, 20), t(5, 30)], { totals: { count: 3, spend: 60, firstAt: d(2), lastAt: d(9) }, owned: [] }],
    [
      'a SKU bought twice is owned once, at its latest purchase',
      [t(9, 5, ['TAB', 'tablets']), t(3, 5, ['TAB', 'tablets'])],
      { totals: { count: 2, spend: 10, firstAt: d(3), lastAt: d(9) }, owned: [{ sku: 'TAB', category: 'tablets', at: d(9) }] },
    ],
    [
      'owned in SKU order; items without a SKU skipped; a missing category is empty',
      [t(1, 30, ['ZZ', 'z'], [''], ['AA'])],
      { totals: { count: 1, spend: 30, firstAt: d(1), lastAt: d(1) }, owned: [{ sku: 'AA', category: '', at: d(1) }, { sku: 'ZZ', category: 'z', at: d(1) }] },
    ],
    ['a refund (negative total) lowers spend', [t(1, 100), t(2, -40)], { totals: { count: 2, spend: 60, firstAt: d(1), lastAt: d(2) }, owned: [] }],
  ];
  it.each(cases)('%s', (_name, transactions, expected) => {
    expect(summarisePurchases(transactions)).toEqual(expected);
  });

  it('gives the recompute the same totals and owned products (purchases up to now only)', () => {
    const transactions = [t(9, 10.1, ['B', 'b']), t(2, 20.2, ['A', 'a']), t(5, 30.3, ['B', 'b'])];
    const acc = new ValueAccumulator(d(30));
    for (const x of [...transactions, t(40, 999, ['FUTURE'])]) acc.add(x);
    const { totals, owned } = summarisePurchases(transactions);
    expect(acc.totals()).toEqual(totals);
    expect([...acc.owned.values()].sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(owned);
  });
});

describe('averageBasket', () => {
  const cases: Array<[{ count?: number | null; spend?: number | null }, number]> = [
    [{ count: 0, spend: 0 }, 0],
    [{}, 0],
    [{ count: 3, spend: 100 }, 33.33],
    [{ count: 2, spend: 0.05 }, 0.03],
    [{ count: 4, spend: null }, 0],
  ];
  it.each(cases)('%o → %d', (totals, expected) => {
    expect(averageBasket(totals)).toBe(expected);
  });
});
