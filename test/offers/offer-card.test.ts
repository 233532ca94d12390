// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import OfferCard from '@/offers/OfferCard.vue';
import { freshPinia, mountWith } from '../client/support';

enableAutoUnmount(afterEach);

const offer = {
  offerId: 'TABLETS',
  title: 'Dishwasher tablets subscription',
  kind: 'complement' as const,
  price: 9.99,
  score: 0.72,
  reasons: ['Bought Dishwasher DW-100 11 months ago', '62% of dishwashers buyers also buy dishwasher-tablets, lift 4.1'],
};

describe('offer card', () => {
  it('shows the quoted price and until when it holds', () => {
    const wrapper = mountWith(OfferCard, freshPinia(), { props: { offers: [{ ...offer, quoteExpiresAt: new Date('2026-12-07T10:00:00Z') }] } });
    expect(wrapper.get('[data-testid="offer-price"]').text()).toContain('9.99');
    expect(wrapper.get('[data-testid="offer-quote"]').text()).toContain('Quoted to this customer until');
    expect(wrapper.text()).toContain('62% of dishwashers buyers also buy dishwasher-tablets, lift 4.1');
  });

  it('says nothing about a quote when the offer carries none', () => {
    const wrapper = mountWith(OfferCard, freshPinia(), { props: { offers: [offer] } });
    expect(wrapper.find('[data-testid="offer-quote"]').exists()).toBe(false);
  });
});
