// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useInteractionsStore } from '@/interactions/interactions.store';
import InteractionView from '@/interactions/InteractionView.vue';
import OfferCard from '@/offers/OfferCard.vue';
import { ids, interactionWire, ioanaPicture, pop } from './fixtures';
import { freshPinia, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);

function mountPop() {
  const pinia = freshPinia();
  const interactions = useInteractionsStore();
  interactions.receivePop(pop());
  const wrapper = mountWith(InteractionView, pinia, { props: { live: interactions.items[ids.call]! } });
  return { wrapper, interactions };
}

describe('offers on a live call', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('sends the offer outcome when the agent accepts', async () => {
    const api = stubApi({
      'PATCH /api/interactions/:id': (c: ApiCall) => {
        const { offer } = c.body as { offer: { offerId: string; outcome: string } };
        return interactionWire({ version: 4, offers: [{ ...offer, title: 'Replacement water filter pack', price: 89, at: '2025-05-03T09:03:00.000Z' }] });
      },
    });
    const { wrapper } = mountPop();

    const card = wrapper.get('[data-testid="offer-card"]');
    expect(card.text()).toContain('Replacement water filter pack');
    expect(card.text()).toMatch(/Water filter bought .*2021; typical life is 12 months/);
    expect(card.get('[data-testid="offer-price"]').text()).toMatch(/89/);
    await wrapper.get('[data-testid="offer-accept"]').trigger('click');
    await settle();

    expect(api.find('PATCH', `/api/interactions/${ids.call}`).map((c) => c.body)).toEqual([{ offer: { offerId: 'FILTER-REPL', outcome: 'accepted' } }]);
    expect(wrapper.get('[data-testid="offer-outcome"]').text()).toContain('Accepted');
    expect(wrapper.find('[data-testid="offer-accept"]').exists()).toBe(false);
  });

  it('records a decline and leaves the other offers open', async () => {
    const api = stubApi({
      'PATCH /api/interactions/:id': () => interactionWire({ version: 4, offers: [{ offerId: 'FILTER-REPL', outcome: 'declined', at: '2025-05-03T09:03:00.000Z' }] }),
    });
    const { wrapper } = mountPop();
    await wrapper.get('[data-testid="offer-decline"]').trigger('click');
    await settle();

    expect(api.find('PATCH', /interactions/)[0]!.body).toEqual({ offer: { offerId: 'FILTER-REPL', outcome: 'declined' } });
    expect(wrapper.get('[data-offer-id="FILTER-REPL"]').text()).toContain('Declined');
    expect(wrapper.find('[data-testid="offer-accept-LOYAL-5000"]').exists()).toBe(true);
  });

  it('shows offers read-only when the customer is opened without a call', () => {
    const pinia = freshPinia();
    const wrapper = mountWith(OfferCard, pinia, { props: { offers: ioanaPicture.nextBestOffers } });
    expect(wrapper.findAll('.offer')).toHaveLength(2);
    expect(wrapper.find('button').exists()).toBe(false);
  });
});

describe('notes and disposition', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.useRealTimers());

  it('saves notes and disposition to the interaction', async () => {
    const api = stubApi({
      'PATCH /api/interactions/:id': (c: ApiCall) =>
        interactionWire({ version: 5, ...(c.body as object), state: 'ended', wrappedUpAt: '2025-05-03T09:12:00.000Z' }),
    });
    const { wrapper, interactions } = mountPop();

    await wrapper.get('[data-testid="notes-input"]').setValue('Leak persists after repair; replacement unit approved.');
    await wrapper.get('[data-testid="disposition-select"]').setValue('resolved');
    // A click on the submit button submits the form in a browser; happy-dom needs the submit itself.
    await wrapper.get('[data-testid="wrap-up"] form').trigger('submit');
    await settle();

    const patches = api.find('PATCH', `/api/interactions/${ids.call}`).map((c) => c.body);
    expect(patches).toEqual([{ notes: 'Leak persists after repair; replacement unit approved.', disposition: 'resolved' }]);
    expect(wrapper.get('[data-testid="disposition-saved"]').text()).toContain('Resolved');
    expect(interactions.items[ids.call]!.wrapUp).toBe('done');
    expect(wrapper.find('[data-testid="disposition-save"]').exists()).toBe(false);
  });

  it('offers every disposition of the shared enum', () => {
    stubApi({});
    const { wrapper } = mountPop();
    const values = wrapper.findAll('[data-testid="disposition-select"] option').map((o) => o.attributes('value'));
    expect(values).toEqual(['', 'resolved', 'follow-up', 'escalated', 'sale', 'information', 'complaint-logged', 'wrong-number', 'no-action']);
  });

  it('saves the notes while the agent types, before any disposition', async () => {
    vi.useFakeTimers();
    const api = stubApi({ 'PATCH /api/interactions/:id': () => interactionWire({ notes: 'Wants delivery on Saturday' }) });
    const { wrapper } = mountPop();

    await wrapper.get('[data-testid="notes-input"]').setValue('Wants delivery on Saturday');
    expect(api.find('PATCH', /interactions/)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);

    expect(api.find('PATCH', /interactions/).map((c) => c.body)).toEqual([{ notes: 'Wants delivery on Saturday' }]);
    expect(wrapper.get('[data-testid="notes-status"]').text()).toContain('Notes saved');
  });

  it('shows the server error and keeps the form open when the wrap-up is refused', async () => {
    stubApi({ 'PATCH /api/interactions/:id': () => ({ status: 409, body: { error: { code: 'CONFLICT', message: 'interaction belongs to another agent' } } }) });
    const { wrapper } = mountPop();
    await wrapper.get('[data-testid="disposition-select"]').setValue('no-action');
    await wrapper.get('[data-testid="wrap-up"] form').trigger('submit');
    await settle();

    expect(wrapper.find('[data-testid="disposition-saved"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="wrap-up"]').text()).toContain('interaction belongs to another agent');
  });
});
