// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConsoleView from '@/agent/ConsoleView.vue';
import { useAuthStore } from '@/auth/auth.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { registerListeners } from '@/realtime/socket';
import { andreiPicture, andreiSummary, ids, interactionWire, ioanaPicture, ioanaSummary, pop, popWire, wire } from './fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

function loggedIn() {
  const pinia = freshPinia();
  sessionStorage.setItem(
    'agent-console.session',
    JSON.stringify({ token: 'tok-agent', user: { id: 'u1', username: 'agent', role: 'agent', displayName: 'Elena Marin' } }),
  );
  useAuthStore();
  return pinia;
}

describe('screen pop', () => {
  beforeEach(() => {
    sessionStorage.clear();
    vi.unstubAllGlobals();
  });

  it("shows the caller's name, segment and consent warnings when a pop arrives", async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia);
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);

    const ack = vi.fn();
    serverSends('screen-pop', popWire(), ack);
    await settle();

    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');
    const badge = wrapper.get('[data-testid="value-badge"]').text();
    expect(badge).toContain("Can't lose");
    expect(badge).toMatch(/LTV .*9,?641/);
    expect(wrapper.get('[data-testid="at-risk"]').text()).toContain('At risk');
    expect(wrapper.get('[data-testid="banners"]').text()).toContain('Do not call');
    expect(wrapper.get('[data-testid="pop-from"]').text()).toBe('+40 721 555 014');
    expect(wrapper.get('[data-testid="call-strip"]').text()).toContain('service');
    expect(wrapper.get('[data-testid="interaction-view"]').classes()).toContain('is-flashing');
    expect(ack).toHaveBeenCalledWith(true);
  });

  it('shows a known caller whose picture failed as unavailable, never unknown, and loads it on retry', async () => {
    const pinia = loggedIn();
    const api = stubApi({ [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture) });
    const wrapper = mountWith(ConsoleView, pinia);
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);

    serverSends('screen-pop', popWire({ customer: null, customerId: ids.ioana, pictureError: 'The customer’s picture could not be loaded.' }), vi.fn());
    await settle();

    expect(wrapper.get('[data-testid="picture-unavailable"]').text()).toContain('could not be loaded');
    expect(wrapper.find('[data-testid="quick-create"]').exists()).toBe(false);
    await wrapper.get('[data-testid="picture-retry"]').trigger('click');
    await settle();
    expect(api.find('GET', `/api/customers/${ids.ioana}/picture`)).toHaveLength(1);
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');
  });

  it('acknowledges a pop only after it is in the store, and refuses an unreadable one', () => {
    loggedIn();
    const interactions = useInteractionsStore();
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);

    let storedWhenAcked = false;
    serverSends('screen-pop', popWire(), () => (storedWhenAcked = !!interactions.items[ids.call]));
    expect(storedWhenAcked).toBe(true);

    const nack = vi.fn();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    serverSends('screen-pop', { interactionId: 'x' }, nack);
    expect(nack).toHaveBeenCalledWith(false);
    expect(interactions.order).toEqual([ids.call]);
  });

  it('merges the household, purchases and complaints into one timeline, newest first', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia);
    useInteractionsStore().receivePop(pop());
    await settle();

    const kinds = wrapper.findAll('[data-testid="timeline-item"]').map((li) => li.attributes('data-kind'));
    expect(kinds).toEqual(['complaint', 'call', 'chat', 'purchase', 'complaint', 'purchase']);
    expect(wrapper.findAll('[data-testid="related-customer"]').map((b) => b.text())).toEqual([
      expect.stringContaining('Andrei Popescu'),
      expect.stringContaining('Transilvania Design SRL'),
    ]);
  });

  it('offers the quick-create card for an unknown caller', async () => {
    const pinia = loggedIn();
    const created = { ...(wire(andreiPicture) as object), profile: { ...(wire(andreiPicture.profile) as object), id: ids.created, displayName: 'Radu Ilie' } };
    const api = stubApi({
      'POST /api/customers': () => ({ customer: { id: ids.created, displayName: 'Radu Ilie', kind: 'person', phone: '+40 745 000 111' }, picture: created }),
    });
    const wrapper = mountWith(ConsoleView, pinia);
    useInteractionsStore().receivePop(pop({ interactionId: ids.unknownCall, from: '+40 745 000 111', customer: null, candidates: [] }));
    await settle();

    expect(wrapper.find('[data-testid="pop-customer-name"]').exists()).toBe(false);
    expect((wrapper.get('[data-testid="create-phone"]').element as HTMLInputElement).value).toBe('+40 745 000 111');
    await wrapper.get('[data-testid="create-first-name"]').setValue('Radu');
    await wrapper.get('[data-testid="create-last-name"]').setValue('Ilie');
    await wrapper.get('[data-testid="quick-create"] form').trigger('submit');
    await settle();

    expect(api.find('POST', '/api/customers')[0]?.body).toEqual({
      kind: 'person',
      firstName: 'Radu',
      lastName: 'Ilie',
      phone: '+40 745 000 111',
      interactionId: ids.unknownCall,
    });
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Radu Ilie');
  });

  it('lists candidates when several customers match, and loads the one the agent picks', async () => {
    const pinia = loggedIn();
    const api = stubApi({
      [`GET /api/customers/${ids.andrei}/picture`]: () => wire(andreiPicture),
      'PATCH /api/interactions/:id': () => interactionWire({ id: ids.ambiguousCall, customerId: ids.andrei }),
    });
    const wrapper = mountWith(ConsoleView, pinia);
    useInteractionsStore().receivePop(
      pop({ interactionId: ids.ambiguousCall, from: '+40 264 555 220', customer: null, candidates: [wire(ioanaSummary), wire(andreiSummary)] }),
    );
    await settle();

    const names = wrapper.findAll('[data-testid="candidate"]').map((c) => c.text());
    expect(names).toEqual([expect.stringContaining('Ioana Popescu'), expect.stringContaining('Andrei Popescu')]);
    await wrapper.get(`[data-testid="candidate-pick-${ids.andrei}"]`).trigger('click');
    await settle();

    expect(api.find('PATCH', `/api/interactions/${ids.ambiguousCall}`)[0]?.body).toEqual({ customerId: ids.andrei });
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(wrapper.get('[data-testid="banners"]').text()).toContain('Opted out of marketing');
  });

  it('flags a chat that pops during a live call instead of taking the screen away', async () => {
    const pinia = loggedIn();
    stubApi({});
    const wrapper = mountWith(ConsoleView, pinia);
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();

    const tabs = wrapper.findAll('[data-testid="interaction-tab"]');
    expect(tabs).toHaveLength(2);
    expect(tabs[1]!.classes()).toContain('is-attention');
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');

    await tabs[1]!.get('button').trigger('click');
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(wrapper.find('[data-testid="chat-pane"]').exists()).toBe(true);
  });

  it('opens a related customer without a call, with no call-only controls', async () => {
    const pinia = loggedIn();
    stubApi({ [`GET /api/customers/${ids.andrei}/picture`]: () => wire(andreiPicture) });
    const wrapper = mountWith(ConsoleView, pinia);
    useInteractionsStore().receivePop(pop());
    await settle();

    await wrapper.findAll('[data-testid="related-customer"]')[0]!.trigger('click');
    await settle();

    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(wrapper.find('[data-testid="wrap-up"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="call-strip"]').exists()).toBe(false);
  });
});
