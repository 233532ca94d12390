// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '@/App.vue';
import { setSocket } from '@/realtime/client';
import { registerListeners } from '@/realtime/socket';
import SupervisorView from '@/supervision/SupervisorView.vue';
import { ids, ioanaPicture, wire } from './fixtures';
import { feedEvent, snapshot } from './supervision-fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const session = (role: string) =>
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: `tok-${role}`, user: { id: 'u1', username: role, role, displayName: 'Dana Pop' } }));

/** A supervisor's screen on a fake socket that answers `supervision:subscribe` with `snap`. */
async function superviseWith(snap: unknown = wire(snapshot)) {
  session('supervisor');
  const pinia = freshPinia();
  const fake = fakeSocket(undefined, { 'supervision:subscribe': () => ({ data: snap }) });
  setSocket(fake.socket);
  registerListeners(fake.socket);
  const wrapper = mountWith(SupervisorView, pinia);
  fake.serverSends('connect');
  await settle();
  const subscribes = () => fake.emitted.filter((e) => e.event === 'supervision:subscribe');
  return { ...fake, wrapper, subscribes };
}

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
  // The floor's campaign board loads campaigns on mount; tests that need other routes stub again.
  stubApi({ 'GET /api/campaigns': () => [] });
  setSocket(null);
});

describe('supervisor view', () => {
  it("shows the snapshot's feed, agents and queues after subscribing", async () => {
    const { wrapper, subscribes } = await superviseWith();
    expect(subscribes()).toEqual([{ event: 'supervision:subscribe', payload: {} }]);

    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows.map((r) => r.attributes('data-kind'))).toEqual(['answered', 'queued', 'ended']);
    expect(rows[0]!.text()).toContain('Elena Marin');
    expect(rows[0]!.text()).toContain('Ioana Popescu');
    expect(rows[2]!.text()).toContain('winback');
    expect(rows[2]!.text()).toContain('sale');
    expect(rows[2]!.text()).toContain('Offer accepted');
    expect(rows[2]!.find('[data-testid="feed-complaint"]').exists()).toBe(true);

    const agents = wrapper.findAll('[data-testid="agent-row"]');
    expect(agents.map((a) => a.attributes('data-username'))).toEqual(['agent', 'agent2']);
    expect(agents[0]!.text()).toContain('On a call');
    expect(agents[0]!.text()).toMatch(/02:0\d/);
    expect(agents[1]!.get('[data-testid="agent-state"]').text()).toBe('Not ready');
    // Today's ratings of each agent's chats: the average to one decimal, and how many.
    expect(agents[0]!.get('[data-testid="agent-csat"]').text()).toBe('4.3 (3)');
    expect(agents[1]!.get('[data-testid="agent-csat"]').text()).toBe('–');

    const queues = wrapper.findAll('[data-testid="queue-row"]');
    expect(queues.map((q) => q.attributes('data-queue'))).toEqual(['billing', 'sales']);
    expect(queues[0]!.text()).toContain('78%');
    expect(queues[0]!.text()).toContain('4:05');
    expect(queues[0]!.findAll('[data-testid="queue-csat"]').map((c) => c.text())).toEqual(['4.5 (6)', '4.5 (6)']);
    // Each queue's own service level under its name; the rate coloured against its target (80 %).
    expect(queues.map((q) => q.get('[data-testid="queue-sl-goal"]').text())).toEqual(['≤20s · 80%', '≤20s · 80%']);
    expect(queues[0]!.findAll('.sv-sl').map((c) => c.classes())).toEqual([expect.arrayContaining(['is-bad']), expect.arrayContaining(['is-warn'])]);
    expect(queues[1]!.findAll('.sv-sl').map((c) => c.classes())).toEqual([expect.arrayContaining(['is-good']), expect.arrayContaining(['is-good'])]);
  });

  it('streams feed batches newest first without duplicates', async () => {
    const { wrapper, serverSends } = await superviseWith();
    const newer = feedEvent(5, { kind: 'started' });
    const newest = feedEvent(6, { kind: 'wrapped-up', disposition: 'resolved' });
    serverSends('feed:batch', wire([snapshot.feed[0], newer]));
    serverSends('feed:batch', wire([newest, newer]));
    await settle();

    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows.map((r) => r.attributes('data-kind'))).toEqual(['wrapped-up', 'started', 'answered', 'queued', 'ended']);
    expect(rows[0]!.attributes('data-interaction-id')).toBe(newest.interactionId);

    serverSends('agents:changed', wire([{ ...snapshot.agents[1], state: 'available' }]));
    await settle();
    expect(wrapper.findAll('[data-testid="agent-row"]')).toHaveLength(2);
    expect(wrapper.get('[data-username="agent2"]').text()).toContain('Available');
  });

  it('pausing keeps new events and shows how many arrived', async () => {
    const { wrapper, serverSends } = await superviseWith();
    await wrapper.get('[data-testid="feed-pause"]').trigger('click');
    serverSends('feed:batch', wire([feedEvent(7), feedEvent(8)]));
    serverSends('feed:batch', wire([feedEvent(8), feedEvent(9, { kind: 'answered' })]));
    await settle();

    expect(wrapper.findAll('[data-testid="feed-row"]')).toHaveLength(3);
    expect(wrapper.get('[data-testid="feed-new-count"]').text()).toBe('3 new events');

    await wrapper.get('[data-testid="feed-pause"]').trigger('click');
    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows).toHaveLength(6);
    expect(rows[0]!.attributes('data-kind')).toBe('answered');
    expect(wrapper.find('[data-testid="feed-new-count"]').exists()).toBe(false);
  });

  it('re-subscribes with the filter when a filter changes', async () => {
    const { wrapper, subscribes } = await superviseWith();
    await wrapper.get('[data-testid="filter-channel"]').setValue('chat');
    await settle();
    expect(subscribes().at(-1)!.payload).toEqual({ channel: 'chat' });

    const queueOptions = wrapper.get('[data-testid="filter-queue"]').findAll('option').map((o) => o.attributes('value'));
    expect(queueOptions).toEqual(['', 'billing', 'sales']);
    await wrapper.get('[data-testid="filter-queue"]').setValue('sales');
    await wrapper.get('[data-testid="filter-agent"]').setValue('u-agent2');
    await settle();
    expect(subscribes().at(-1)!.payload).toEqual({ channel: 'chat', queue: 'sales', agentId: 'u-agent2' });
    expect(subscribes()).toHaveLength(4);

    // The server filters; rows of the old filter still in flight are not shown.
    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows).toHaveLength(0);
  });

  it('opens the picture of the customer an agent is on', async () => {
    const api = stubApi({ [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture) });
    const { wrapper } = await superviseWith();
    await wrapper.get('[data-username="agent"] [data-testid="agent-open-customer"]').trigger('click');
    await settle();

    expect(api.find('GET', `/api/customers/${ids.ioana}/picture`)).toHaveLength(1);
    const picture = wrapper.get('[data-testid="supervisor-picture"]');
    expect(picture.get('[data-testid="customer-picture"]').attributes('data-customer-id')).toBe(ids.ioana);
    expect(picture.text()).toContain('Ioana Popescu');
    expect(picture.get('fieldset').attributes()).toHaveProperty('disabled');

    await wrapper.get('[data-testid="supervisor-picture-close"]').trigger('click');
    expect(wrapper.find('[data-testid="supervisor-picture"]').exists()).toBe(false);
  });

  it("an agent's console never subscribes to the feed", async () => {
    session('agent');
    const pinia = freshPinia();
    const fake = fakeSocket(undefined, { 'supervision:subscribe': () => ({ data: wire(snapshot) }) });
    setSocket(fake.socket);
    registerListeners(fake.socket);
    const wrapper = mountWith(App, pinia);
    await settle(); // the router's first navigation
    fake.serverSends('connect');
    await settle();

    expect(fake.emitted.filter((e) => e.event === 'supervision:subscribe')).toEqual([]);
    expect(wrapper.find('[data-testid="supervisor-view"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="waiting"]').exists()).toBe(true);
  });

  it('shows the wallboard instead of the console to a supervisor', async () => {
    session('admin');
    const pinia = freshPinia();
    const wrapper = mountWith(App, pinia);
    await settle(); // the router's first navigation
    expect(wrapper.find('[data-testid="supervisor-view"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="simulate-button"]').exists()).toBe(true);
  });
});
