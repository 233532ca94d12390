import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import { exclusionOf } from '../../server/campaigns/call-list-rules.js';
import { segmentToFilter } from '../../server/campaigns/segment-filter.js';
import { interner, rowOf, segmentMatcher } from '../../server/campaigns/segment-rows.js';
import { random } from '../support/random.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Customers as the database may hold them: fields missing, empty, null, of another type, repeated. */
function customers(n: number, seed: number): Array<Record<string, unknown>> {
  const r = random(seed);
  const maybe = <T>(v: T) => (r() < 0.15 ? pick(r, [undefined, null]) : v);
  return Array.from({ length: n }, (_, i) => ({
    _id: `c${String(i).padStart(4, '0')}`,
    displayName: `Customer ${i}`,
    kind: maybe(pick(r, ['person', 'business'])),
    value:
      r() < 0.1
        ? undefined
        : { segment: maybe(pick(r, ['champions', 'loyal', 'at-risk', 'lost'])), atRisk: maybe(pick(r, [true, false, 'yes'])), lifetimeValue: maybe(Math.floor(r() * 5000)) },
    demographics: maybe({ ageBand: maybe(pick(r, ['18-24', '25-34', '35-44', 55])) }),
    totals: maybe({ spend: maybe(pick(r, [Math.floor(r() * 4000), '900', 500])) }),
    addresses: maybe(Array.from({ length: Math.floor(r() * 3) }, () => ({ region: maybe(pick(r, ['London', 'Leeds', 'Cluj'])) }))),
    owned: maybe(Array.from({ length: Math.floor(r() * 3) }, () => ({ category: maybe(pick(r, ['tv', 'washers', 'phones'])), sku: maybe(pick(r, ['TV-1', 'WM-9', 'tv'])) }))),
    phones: maybe(Array.from({ length: Math.floor(r() * 2) }, () => ({ number: maybe(pick(r, ['+447700900001', ''])) }))),
    consents: maybe(
      Array.from({ length: Math.floor(r() * 3) }, () => ({
        purpose: pick(r, ['marketing', 'service']),
        channel: pick(r, ['phone', 'email']),
        granted: pick(r, [true, false, null]),
      })),
    ),
    doNotCall: maybe(r() < 0.2),
    householdId: maybe(pick(r, ['h1', 'h2', 'h3'])),
    purpose: maybe(pick(r, ['customer-service', 'erased:2026-01-01'])),
  }));
}

const SEGMENTS: Array<[string, SegmentFilter]> = [
  ['everyone', {}],
  ['one kind', { kind: 'business' }],
  ['RFM segments', { segments: ['champions', 'loyal'] }],
  ['at risk', { atRisk: true }],
  ['not at risk (unset included)', { atRisk: false }],
  ['bought a category or a SKU', { boughtCategories: ['tv'] }],
  ['bought none of these', { notBoughtCategories: ['tv', 'WM-9'] }],
  ['regions', { regions: ['London', 'Cluj'] }],
  ['age bands', { ageBands: ['25-34', '35-44'] }],
  ['spent at least (numbers only)', { minSpend: 900 }],
  ['granted phone marketing', { phoneConsent: 'granted' }],
  ['any consent', { phoneConsent: 'any' }],
  ['everything at once', { kind: 'person', segments: ['loyal'], atRisk: false, boughtCategories: ['phones'], notBoughtCategories: ['tv'], regions: ['Leeds'], minSpend: 10 }],
];

describe('segment rows', () => {
  const docs = customers(600, 7);
  const intern = interner();
  const rows = docs.map((d) => rowOf(d as Parameters<typeof rowOf>[0], intern));

  it.each(SEGMENTS)('picks the customers the database filter picks: %s', (_, segment) => {
    const query = new Query(segmentToFilter(segment));
    const matches = segmentMatcher(segment);
    expect(rows.filter(matches).map((r) => r.id)).toEqual(docs.filter((d) => query.test(d)).map((d) => d._id));
  });

  it('picks the contacted and the not contacted as the filter over their ids does', () => {
    const contacted = docs.filter((_, i) => i % 3 === 0).map((d) => d._id as string);
    for (const [contacts, ids] of [
      [{ contactedSince: new Set(contacted) }, { contactedSince: contacted }],
      [{ contactedRecently: new Set(contacted) }, { contactedRecently: contacted }],
    ] as const) {
      const query = new Query(segmentToFilter({ regions: ['London'] }, ids));
      expect(rows.filter(segmentMatcher({ regions: ['London'] }, contacts)).map((r) => r.id)).toEqual(docs.filter((d) => query.test(d)).map((d) => d._id));
    }
  });

  it('keeps the reason the call list would leave each customer out', () => {
    docs.forEach((d, i) => {
      const c = d as { phones?: Array<{ number?: string }> | null; consents?: Array<{ purpose?: string; channel?: string; granted?: boolean }> | null };
      const candidate = { ...d, id: String(d._id), phones: c.phones ?? [], consents: c.consents ?? [] } as Parameters<typeof exclusionOf>[0];
      expect(rows[i].exclusion, String(d._id)).toBe(exclusionOf(candidate, undefined, new Set()));
    });
  });
});
