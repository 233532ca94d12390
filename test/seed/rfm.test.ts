import { describe, expect, it } from 'vitest';
import { Value } from '../../shared/schemas/customer.js';
import { quintileBoundaries, rfmInputs, scoreCustomers, scoreQuintile, segmentOf } from '../../server/customers/rfm.js';

const DAY = 86_400_000;
const now = new Date('2026-01-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

/*
 * Ten buyers and one customer who has not bought in the last year, worked by hand:
 *   recency days  3 8 15 30 45 75 120 200 280 330   → cuts [8, 30, 75, 200]
 *   counts        20 1 3 9 2 6 12 5 1 4              → sorted 1 1 2 3 4 5 6 9 12 20 → cuts [1, 3, 5, 9]
 *   spend         3000 60 140 800 150 1200 2500 600 90 55 → sorted 55 60 90 140 150 600 800 1200 2500 3000
 *                                                          → cuts [60, 140, 600, 1200]
 */
const table = [
  { name: 'A', days: 3, count: 20, spend: 3000, r: 5, f: 5, m: 5, segment: 'champions', atRisk: false, potential: 2700 },
  { name: 'B', days: 8, count: 1, spend: 60, r: 5, f: 1, m: 1, segment: 'new', atRisk: false, potential: 54 },
  { name: 'C', days: 15, count: 3, spend: 140, r: 4, f: 2, m: 2, segment: 'potential-loyalist', atRisk: false, potential: 112 },
  { name: 'D', days: 30, count: 9, spend: 800, r: 4, f: 4, m: 4, segment: 'champions', atRisk: false, potential: 640 },
  { name: 'E', days: 45, count: 2, spend: 150, r: 3, f: 2, m: 3, segment: 'loyal', atRisk: false, potential: 97.5 },
  { name: 'F', days: 75, count: 6, spend: 1200, r: 3, f: 4, m: 4, segment: 'loyal', atRisk: false, potential: 780 },
  { name: 'G', days: 120, count: 12, spend: 2500, r: 2, f: 5, m: 5, segment: 'cant-lose', atRisk: true, potential: 1125 },
  { name: 'H', days: 200, count: 5, spend: 600, r: 2, f: 3, m: 3, segment: 'at-risk', atRisk: true, potential: 270 },
  { name: 'I', days: 280, count: 1, spend: 90, r: 1, f: 1, m: 2, segment: 'lost', atRisk: false, potential: 18 },
  // Below the churn line: used to buy often (F 3) but not for 11 months; low spend keeps the segment at 'lost'.
  { name: 'J', days: 330, count: 4, spend: 55, r: 1, f: 3, m: 1, segment: 'lost', atRisk: true, potential: 11 },
] as const;

describe('quintileBoundaries', () => {
  it('takes the nearest-rank 20/40/60/80% values as the four cut points', () => {
    expect(quintileBoundaries(table.map((c) => c.days))).toEqual([8, 30, 75, 200]);
    expect(quintileBoundaries(table.map((c) => c.count))).toEqual([1, 3, 5, 9]);
    expect(quintileBoundaries(table.map((c) => c.spend))).toEqual([60, 140, 600, 1200]);
  });

  it('gives no cut points for no values', () => {
    expect(quintileBoundaries([])).toEqual([]);
  });
});

describe('scoreQuintile', () => {
  const cuts = [10, 20, 30, 40];

  it('scores higher values higher when higher is better, ties falling to the lower quintile', () => {
    expect([5, 10, 11, 20, 35, 40, 41].map((v) => scoreQuintile(v, cuts, true))).toEqual([1, 1, 2, 2, 4, 4, 5]);
  });

  it('reverses the score when lower is better', () => {
    expect([5, 10, 11, 41].map((v) => scoreQuintile(v, cuts, false))).toEqual([5, 5, 4, 1]);
  });
});

describe('segmentOf', () => {
  it('maps the R × FM grid to the eight segments', () => {
    const cases: Array<[number, number, number, string]> = [
      [5, 5, 5, 'champions'],
      [4, 4, 3, 'champions'],
      [3, 5, 5, 'loyal'],
      [5, 3, 3, 'loyal'],
      [4, 2, 2, 'potential-loyalist'],
      [3, 2, 1, 'potential-loyalist'],
      [5, 1, 1, 'new'],
      [2, 5, 5, 'cant-lose'],
      [1, 4, 4, 'at-risk'],
      [2, 3, 2, 'at-risk'],
      [2, 2, 2, 'hibernating'],
      [3, 1, 1, 'hibernating'],
      [1, 2, 2, 'lost'],
      [1, 1, 1, 'lost'],
    ];
    for (const [recency, frequency, monetary, segment] of cases) expect(segmentOf({ recency, frequency, monetary }), `${recency}${frequency}${monetary}`).toBe(segment);
  });
});

describe('rfmInputs', () => {
  it('counts only the window for R, F and M but all history for lifetime spend', () => {
    const input = rfmInputs(
      [
        { at: daysAgo(400), total: 500 },
        { at: daysAgo(100), total: 20.1 },
        { at: daysAgo(10), total: 30.2 },
        { at: new Date(now.getTime() + DAY), total: 999 },
      ],
      now,
    );
    expect(input).toEqual({ count: 2, spend: 50.3, lifetimeSpend: 550.3, lastPurchaseAt: daysAgo(10) });
  });

  it('honours a shorter window', () => {
    expect(rfmInputs([{ at: daysAgo(100), total: 20 }], now, { windowDays: 90 })).toMatchObject({ count: 0, spend: 0, lifetimeSpend: 20 });
  });
});

describe('scoreCustomers', () => {
  const inputs = [
    ...table.map((c) => ({ lastPurchaseAt: daysAgo(c.days), count: c.count, spend: c.spend })),
    { count: 0, spend: 0, lifetimeSpend: 400 },
  ];
  const values = scoreCustomers(inputs, now);

  it('scores the hand-worked example', () => {
    table.forEach((c, i) => {
      const v = values[i];
      expect({ name: c.name, r: v.recency, f: v.frequency, m: v.monetary, segment: v.segment, atRisk: v.atRisk }).toEqual({
        name: c.name,
        r: c.r,
        f: c.f,
        m: c.m,
        segment: c.segment,
        atRisk: c.atRisk,
      });
    });
  });

  it('estimates potential value as a year at the current rate, discounted by churn', () => {
    expect(values.slice(0, table.length).map((v) => v.potentialValue)).toEqual(table.map((c) => c.potential));
  });

  it('scores a customer with no purchase in the window 1/1/1, lost, with lifetime value kept', () => {
    expect(values[table.length]).toMatchObject({ recency: 1, frequency: 1, monetary: 1, segment: 'lost', atRisk: false, lifetimeValue: 400, potentialValue: 0 });
  });

  it('returns values the shared Value schema accepts', () => {
    for (const v of values) expect(() => Value.parse(v)).not.toThrow();
    expect(values[0].computedAt).toEqual(now);
  });
});
