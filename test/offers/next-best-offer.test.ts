import { describe, expect, it } from 'vitest';
import { type OfferCatalogue, type OfferCustomer, type OfferDef, rankOffers, ruleKey } from '../../server/offers/next-best-offer.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const MONTH = 30.44 * 24 * 3600 * 1000;
const monthsAgo = (m: number) => new Date(NOW.getTime() - m * MONTH - 3600_000);
const base: Omit<OfferDef, 'code' | 'title' | 'kind'> = { price: 10, purpose: 'marketing', channel: 'phone', active: true, suppressDays: 90 };
const offers: OfferDef[] = [
  { ...base, code: 'TABLETS', title: 'Tablets', kind: 'complement', sku: 'TAB-50', triggerCategory: 'dishwashers' },
  { ...base, code: 'NEW-DW', title: 'New dishwasher', kind: 'replacement', sku: 'DW-200', triggerCategory: 'dishwashers', price: 450 },
  { ...base, code: 'LOYAL-500', title: 'Voucher', kind: 'loyalty', spendThreshold: 500, price: 0 },
  { ...base, code: 'SERVICE', title: 'Extended warranty', kind: 'up-sell', triggerCategory: 'dishwashers', purpose: 'service', price: 49 },
];
const catalogue: OfferCatalogue = {
  offers,
  products: new Map([
    ['DW-100', { sku: 'DW-100', name: 'Dishwasher DW-100', category: 'dishwashers', replacementMonths: 100 }],
    ['TAB-50', { sku: 'TAB-50', name: 'Tablets', category: 'dishwasher-tablets' }],
  ]),
  rules: new Map([[ruleKey('dishwashers', 'dishwasher-tablets'), { confidence: 0.62, lift: 4.1 }]]),
};
const customer = (over: Partial<OfferCustomer> = {}): OfferCustomer => ({
  kind: 'person',
  owned: [{ sku: 'DW-100', category: 'dishwashers', at: monthsAgo(11) }],
  totalSpend: 499,
  atRisk: false,
  consents: [{ purpose: 'marketing', channel: 'phone', granted: true }],
  doNotCall: false,
  ...over,
});
const codes = (c: OfferCustomer, declined = new Map<string, Date>(), cat = catalogue) => rankOffers(c, cat, declined, NOW, 10).map((o) => o.offerId);

describe('next-best offer', () => {
  it('explains a complement with the basket rule it comes from', () => {
    const [tablets] = rankOffers(customer(), catalogue, new Map(), NOW).filter((o) => o.offerId === 'TABLETS');
    expect(tablets.reasons).toEqual(['Bought Dishwasher DW-100 11 months ago', '62% of dishwashers buyers also buy dishwasher-tablets, lift 4.1']);
  });

  it('gives an opted-out customer no marketing offer, only service ones', () => {
    expect(codes(customer({ consents: [{ purpose: 'marketing', channel: 'phone', granted: false }] }))).toEqual(['SERVICE']);
    expect(codes(customer({ doNotCall: true }))).toEqual(['SERVICE']);
  });

  it('suppresses a declined offer for its suppression days, then offers it again', () => {
    expect(codes(customer(), new Map([['TABLETS', new Date(NOW.getTime() - 89 * 86_400_000)]]))).not.toContain('TABLETS');
    expect(codes(customer(), new Map([['TABLETS', new Date(NOW.getTime() - 91 * 86_400_000)]]))).toContain('TABLETS');
  });

  it('skips products the customer already owns', () => {
    expect(codes(customer({ owned: [...customer().owned, { sku: 'TAB-50', category: 'dishwasher-tablets', at: monthsAgo(1) }] }))).not.toContain('TABLETS');
  });

  it('offers a replacement exactly from 90% of the product life', () => {
    // Life 100 months: due from month 90.
    expect(codes(customer({ owned: [{ sku: 'DW-100', category: 'dishwashers', at: monthsAgo(89) }] }))).not.toContain('NEW-DW');
    expect(codes(customer({ owned: [{ sku: 'DW-100', category: 'dishwashers', at: monthsAgo(90) }] }))).toContain('NEW-DW');
  });

  it('offers the loyalty reward exactly when spend reaches the threshold', () => {
    expect(codes(customer({ totalSpend: 499.99 }))).not.toContain('LOYAL-500');
    expect(codes(customer({ totalSpend: 500 }))).toContain('LOYAL-500');
  });

  it('applies per-offer eligibility rules stored on the offer', () => {
    const onlyChampions = { ...catalogue, offers: offers.map((o) => (o.code === 'TABLETS' ? { ...o, eligibility: { segments: ['champions'] } } : o)) };
    expect(codes(customer({ segment: 'loyal' }), new Map(), onlyChampions)).not.toContain('TABLETS');
    expect(codes(customer({ segment: 'champions' }), new Map(), onlyChampions)).toContain('TABLETS');
  });

  it('offers win-back only to customers at risk', () => {
    const withWinBack = { ...catalogue, offers: [...offers, { ...base, code: 'COMEBACK', title: '10% off', kind: 'win-back' as const }] };
    expect(codes(customer(), new Map(), withWinBack)).not.toContain('COMEBACK');
    expect(codes(customer({ atRisk: true, segment: 'at-risk' }), new Map(), withWinBack)).toContain('COMEBACK');
  });
});
