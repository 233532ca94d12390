// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { NextBestOffer } from '@shared/schemas/customer';
import type { OfferNotice } from '@shared/schemas/offer-reasons';
import OfferCard from '@/offers/OfferCard.vue';
import { freshPinia, mountWith } from '../client/support';

enableAutoUnmount(afterEach);

const offer: NextBestOffer = {
  offerId: 'TABLETS',
  title: 'Dishwasher tablets subscription',
  kind: 'complement',
  purpose: 'marketing',
  consentRule: 'no-objection',
  price: 9.99,
  priceKind: 'amount',
  score: 0.72,
  reasons: [
    { code: 'bought', product: 'Dishwasher DW-100', at: new Date('2025-12-01T10:00:00Z') },
    { code: 'basket-rule', from: 'dishwashers', to: 'dishwasher-tablets', confidence: 0.62, lift: 4.1 },
  ],
};
const mount = (offers: NextBestOffer[], notice: OfferNotice | null = null) =>
  mountWith(OfferCard, freshPinia(), { props: { offers, notice } });

describe('offer card', () => {
  it('shows the quoted price and until when it holds', () => {
    const wrapper = mount([{ ...offer, quoteExpiresAt: new Date('2026-12-07T10:00:00Z') }]);
    expect(wrapper.get('[data-testid="offer-price"]').text()).toContain('9.99');
    expect(wrapper.get('[data-testid="offer-quote"]').text()).toContain('Quoted to this customer until');
    expect(wrapper.text()).toContain('62% of dishwashers buyers also buy dishwasher tablets (4.1× more than usual)');
  });

  it('says nothing about a quote when the offer carries none', () => {
    expect(mount([offer]).find('[data-testid="offer-quote"]').exists()).toBe(false);
  });

  it('prices each offer by its kind: a percentage off, an amount, free', () => {
    const wrapper = mount([
      { ...offer, offerId: 'WINBACK-15', price: 15, priceKind: 'percent' },
      { ...offer, offerId: 'TV', price: 1649, priceKind: 'amount', currency: 'GBP' },
      { ...offer, offerId: 'CARE', price: 0, priceKind: 'free', purpose: 'service' },
    ]);
    const prices = wrapper.findAll('[data-testid="offer-price"]').map((p) => p.text());
    expect(prices[0]).toBe('15% off');
    expect(prices[1]).toMatch(/£1,?649\.00/);
    expect(prices[2]).toBe('Free');
    expect(wrapper.get('[data-offer-id="CARE"] [data-testid="offer-gesture"]').text()).toBe('Service gesture');
    expect(wrapper.find('[data-offer-id="TV"] [data-testid="offer-gesture"]').exists()).toBe(false);
  });

  it('words money reasons in the offer currency and dates as dates, never raw numbers', () => {
    const wrapper = mount([{ ...offer, offerId: 'LOY', kind: 'loyalty', reasons: [{ code: 'spend-past-threshold', spend: 5752.4, threshold: 1000 }] }]);
    const reason = wrapper.get('[data-testid="offer-reason"]').text();
    expect(reason).toMatch(/Has spent €5,?752 with us, past the €1,?000 reward line/);
    expect(reason).not.toContain('5752.4');
  });

  it('says why sales offers are held back above the service gestures that remain', () => {
    const wrapper = mount([{ ...offer, purpose: 'service', priceKind: 'free', price: 0 }], { code: 'sales-held', complaintId: 'c1', severity: 'high' });
    expect(wrapper.get('[data-testid="offer-notice"]').text()).toContain('Sales offers held back: an open high-severity complaint');
    expect(wrapper.findAll('.offer')).toHaveLength(1);
  });

  it('says why there is no offer when there is none', () => {
    expect(mount([], { code: 'objected', doNotCall: true }).get('[data-testid="offer-notice"]').text()).toContain('do-not-call');
    expect(mount([], { code: 'needs-opt-in' }).get('[data-testid="offer-notice"]').text()).toContain('need marketing consent');
    expect(mount([], { code: 'declined-recently', count: 2 }).get('[data-testid="offer-notice"]').text()).toContain('declined the 2 offers');
    expect(mount([], { code: 'nothing-relevant' }).get('[data-testid="offer-notice"]').text()).toContain('nothing in the catalogue fits');
  });
});
