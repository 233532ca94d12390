import { describe, expect, it } from 'vitest';
import { type OfferCatalogue, type OfferCustomer, type OfferDef, mayReceive, nextBestOffers, rankOffers, ruleKey } from '../../server/offers/next-best-offer.js';

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
    expect(tablets.reasons).toEqual([
      { code: 'bought', product: 'Dishwasher DW-100', at: monthsAgo(11) },
      { code: 'basket-rule', from: 'dishwashers', to: 'dishwasher-tablets', confidence: 0.62, lift: 4.1 },
    ]);
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

describe('consent rules', () => {
  const offer = { purpose: 'marketing' as const, channel: 'phone' as const };
  const noPhoneConsent = customer({ consents: [{ purpose: 'marketing', channel: 'phone', granted: false }, { purpose: 'marketing', channel: 'email', granted: true }] });
  const optedOut = customer({ consents: [{ purpose: 'marketing', channel: 'phone', granted: false }, { purpose: 'marketing', channel: 'email', granted: false }] });
  const cases: Array<[string, OfferCustomer, OfferDef['consentRule'], boolean]> = [
    ['opt-in, consent on the channel', customer(), 'opt-in', true],
    ['opt-in, no consent on the channel, even when they called us', { ...noPhoneConsent, contactedUs: true }, 'opt-in', false],
    ['no-objection, they called us and did not object', { ...noPhoneConsent, contactedUs: true }, 'no-objection', true],
    ['no-objection, nothing recorded and they called us', customer({ consents: [], contactedUs: true }), 'no-objection', true],
    ['no-objection, we called them without consent', noPhoneConsent, 'no-objection', false],
    ['no-objection, they called but opted out of marketing', { ...optedOut, contactedUs: true }, 'no-objection', false],
    ['no-objection, they called but are on do-not-call', customer({ doNotCall: true, contactedUs: true }), 'no-objection', false],
    ['opt-in, consent by phone but do-not-call', customer({ doNotCall: true }), 'opt-in', false],
  ];
  it('lets a service gesture through without marketing consent, unless service contact was refused', () => {
    const service = { purpose: 'service' as const, channel: 'phone' as const, consentRule: 'opt-in' as const };
    expect(mayReceive(optedOut, service)).toBe(true);
    expect(mayReceive(customer({ consents: [{ purpose: 'service', channel: 'phone', granted: false }, { purpose: 'service', channel: 'email', granted: true }] }), service)).toBe(false);
  });
  it.each(cases)('%s → %s', (_what, c, consentRule, allowed) => {
    expect(mayReceive(c, { ...offer, consentRule })).toBe(allowed);
  });
});

describe('an open complaint of high severity', () => {
  const gesture: OfferDef = { ...base, code: 'VOUCHER', title: 'Thank-you voucher', kind: 'loyalty', spendThreshold: 100, price: 10, priceKind: 'percent', purpose: 'service', consentRule: 'no-objection' };
  const withGesture = { ...catalogue, offers: [...offers, gesture] };

  it('holds sales offers back and keeps service gestures, naming the complaint', () => {
    const c = customer({ contactedUs: true, openComplaints: [{ id: 'c-low', severity: 'low' }, { id: 'c-high', severity: 'high' }] });
    const { offers: shown, notice } = nextBestOffers(c, withGesture, new Map(), NOW, 10);
    expect(shown.map((o) => o.offerId).sort()).toEqual(['SERVICE', 'VOUCHER']);
    expect(shown.every((o) => o.purpose === 'service')).toBe(true);
    expect(notice).toEqual({ code: 'sales-held', complaintId: 'c-high', severity: 'high' });
  });

  it('does not hold sales back for a low or medium complaint', () => {
    const { offers: shown, notice } = nextBestOffers(customer({ openComplaints: [{ id: 'c', severity: 'medium' }] }), withGesture, new Map(), NOW, 10);
    expect(shown.map((o) => o.offerId)).toContain('TABLETS');
    expect(notice).toBeNull();
  });
});

describe('why there is no offer', () => {
  const only = (o: OfferDef) => ({ ...catalogue, offers: [o] });
  const tablets = offers[0]!;
  it.each<[string, OfferCustomer, OfferCatalogue, Map<string, Date>, string]>([
    ['opted out of marketing', customer({ consents: [{ purpose: 'marketing', channel: 'phone', granted: false }] }), only(tablets), new Map(), 'objected'],
    ['fits, but needs an opt-in', customer({ consents: [{ purpose: 'marketing', channel: 'email', granted: true }, { purpose: 'marketing', channel: 'phone', granted: false }] }), only(tablets), new Map(), 'needs-opt-in'],
    ['declined recently', customer(), only(tablets), new Map([['TABLETS', NOW]]), 'declined-recently'],
    ['nothing fits', customer({ owned: [] }), only(tablets), new Map(), 'nothing-relevant'],
  ])('%s → %s', (_what, c, cat, declined, code) => {
    const { offers: shown, notice } = nextBestOffers(c, cat, declined, NOW);
    expect(shown).toEqual([]);
    expect(notice?.code).toBe(code);
  });
});

describe('prices and win-back', () => {
  it('carries the price kind, reading an old offer at 0 as free', () => {
    const [voucher] = rankOffers(customer({ totalSpend: 600 }), { ...catalogue, offers: [offers[2]!] }, new Map(), NOW);
    expect(voucher).toMatchObject({ offerId: 'LOYAL-500', price: 0, priceKind: 'free', purpose: 'marketing', consentRule: 'opt-in' });
  });

  it('offers the win-back to a lapsed customer who bought before, with when they last bought', () => {
    const withWinBack = { ...catalogue, offers: [{ ...base, code: 'COMEBACK', title: '15% off', kind: 'win-back' as const, price: 15, priceKind: 'percent' as const }] };
    const last = monthsAgo(20);
    expect(rankOffers(customer({ segment: 'lost', lastPurchaseAt: last }), withWinBack, new Map(), NOW)[0]?.reasons).toEqual([{ code: 'lapsed', segment: 'lost', lastPurchaseAt: last }]);
    expect(rankOffers(customer({ segment: 'lost', lastPurchaseAt: null }), withWinBack, new Map(), NOW)).toEqual([]);
    expect(rankOffers(customer({ segment: 'loyal', lastPurchaseAt: last }), withWinBack, new Map(), NOW)).toEqual([]);
  });
});
