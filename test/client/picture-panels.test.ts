// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ChatPane from '@/chat/ChatPane.vue';
import ComplaintsPanel from '@/complaints/ComplaintsPanel.vue';
import { useCustomersStore } from '@/customers/customers.store';
import PreferencesPanel from '@/customers/PreferencesPanel.vue';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { registerListeners } from '@/realtime/socket';
import { ids, ioanaPicture, pop, wire } from './fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);
beforeEach(() => vi.unstubAllGlobals());

describe('preferences and consent', () => {
  it('sends only what the agent changed, with the current interaction', async () => {
    const updated = wire(ioanaPicture) as { consents: { items: unknown[]; doNotCall: boolean } };
    updated.consents.items.push({ purpose: 'marketing', channel: 'sms', granted: true, source: 'agent:elena', at: '2025-05-03T09:05:00.000Z' });
    const api = stubApi({ 'PATCH /api/customers/:id/preferences': () => updated });
    const pinia = freshPinia();
    const customers = useCustomersStore();
    customers.put(ioanaPicture);
    const wrapper = mountWith(PreferencesPanel, pinia, { props: { picture: customers.pictures[ids.ioana]!, interactionId: ids.call } });

    expect(wrapper.get('[data-testid="consent-grid"]').text()).toContain('agent:elena');
    await wrapper.get('[data-testid="pref-time"]').setValue('morning');
    await wrapper.get('[data-testid="consent-marketing-sms"]').setValue(true);
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(api.calls[0]!.path).toBe(`/api/customers/${ids.ioana}/preferences`);
    expect(api.calls[0]!.body).toEqual({
      preferences: { contactTime: 'morning' },
      consents: [{ purpose: 'marketing', channel: 'sms', granted: true }],
      interactionId: ids.call,
      expectedVersion: ioanaPicture.profile.version,
    });
    expect(customers.pictures[ids.ioana]!.consents.items).toHaveLength(6);
    expect(wrapper.text()).toContain('Saved');
  });

  it('can lift do-not-call', async () => {
    const api = stubApi({ 'PATCH /api/customers/:id/preferences': () => ({ ...(wire(ioanaPicture) as object) }) });
    const pinia = freshPinia();
    const wrapper = mountWith(PreferencesPanel, pinia, { props: { picture: ioanaPicture } });
    expect((wrapper.get('[data-testid="pref-dnc"]').element as HTMLInputElement).checked).toBe(true);
    await wrapper.get('[data-testid="pref-dnc"]').setValue(false);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(api.calls[0]!.body).toEqual({ doNotCall: false, expectedVersion: ioanaPicture.profile.version });
  });
});

describe('complaints', () => {
  const complaintWire = (over: object) => ({
    id: '67bb00000000000000000009',
    customerId: ids.ioana,
    subject: 'Refund not received',
    category: 'billing',
    severity: 'high',
    status: 'open',
    openedAt: '2025-05-03T09:06:00.000Z',
    updatedAt: '2025-05-03T09:06:00.000Z',
    ...over,
  });

  function mountPanel() {
    const pinia = freshPinia();
    const customers = useCustomersStore();
    customers.put(structuredClone(ioanaPicture));
    const picture = customers.pictures[ids.ioana]!;
    const wrapper = mountWith(ComplaintsPanel, pinia, { props: { customerId: ids.ioana, complaints: picture.complaints, interactionId: ids.call } });
    return { wrapper, customers };
  }

  it('opens a new complaint on the call and lists it first', async () => {
    const api = stubApi({ 'POST /api/customers/:id/complaints': () => complaintWire({}) });
    const { wrapper, customers } = mountPanel();

    await wrapper.get('[data-testid="complaint-new"]').trigger('click');
    await wrapper.get('[data-testid="complaint-subject"]').setValue('Refund not received');
    await wrapper.get('[data-testid="complaint-category"]').setValue('billing');
    await wrapper.get('[data-testid="complaint-severity"]').setValue('high');
    await wrapper.get('[data-testid="complaint-form"]').trigger('submit');
    await settle();

    expect(api.calls[0]!.body).toEqual({ subject: 'Refund not received', category: 'billing', severity: 'high', interactionId: ids.call });
    expect(customers.pictures[ids.ioana]!.complaints[0]!.subject).toBe('Refund not received');
    expect(wrapper.find('[data-testid="complaint-form"]').exists()).toBe(false);
  });

  it('resolves an open complaint with a resolution', async () => {
    const api = stubApi({
      'PATCH /api/complaints/:id': (c: ApiCall) =>
        complaintWire({ id: ids.complaintOpen, subject: 'Espresso machine leaks water', ...(c.body as object), resolvedAt: '2025-05-03T09:08:00.000Z' }),
    });
    const { wrapper, customers } = mountPanel();

    await wrapper.get(`[data-complaint-id="${ids.complaintOpen}"] [data-testid="complaint-edit"]`).trigger('click');
    await wrapper.get('[data-testid="complaint-status-select"]').setValue('resolved');
    await wrapper.get('[data-testid="complaint-resolution"]').setValue('Replacement machine shipped.');
    await wrapper.get(`[data-complaint-id="${ids.complaintOpen}"] form`).trigger('submit');
    await settle();

    expect(api.calls[0]!.path).toBe(`/api/complaints/${ids.complaintOpen}`);
    expect(api.calls[0]!.body).toEqual({ status: 'resolved', resolution: 'Replacement machine shipped.', interactionId: ids.call });
    expect(customers.pictures[ids.ioana]!.complaints.find((c) => c.id === ids.complaintOpen)!.status).toBe('resolved');
  });
});

describe('chat', () => {
  it("shows incoming messages live and posts the agent's reply", async () => {
    const api = stubApi({
      'POST /api/interactions/:id/messages': (c: ApiCall) => ({ from: 'agent', agent: 'elena', text: (c.body as { text: string }).text, at: '2025-05-03T09:02:30.000Z' }),
    });
    const pinia = freshPinia();
    useInteractionsStore().receivePop(
      pop({ interactionId: ids.chat, channel: 'chat', transcript: [{ from: 'customer', text: 'Hi, is my repair done?', at: '2025-05-03T09:01:00.000Z' }] }),
    );
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);
    const wrapper = mountWith(ChatPane, pinia, { props: { interactionId: ids.chat } });

    serverSends('chat:message', { interactionId: ids.chat, message: { from: 'customer', text: 'Order 5512', at: '2025-05-03T09:02:00.000Z' } });
    await settle();
    expect(wrapper.findAll('[data-testid="chat-message"]').map((m) => m.find('.msg__bubble').text())).toEqual(['Hi, is my repair done?', 'Order 5512']);

    await wrapper.get('[data-testid="chat-input"]').setValue('Let me check that for you.');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(api.calls[0]).toMatchObject({ method: 'POST', path: `/api/interactions/${ids.chat}/messages`, body: { text: 'Let me check that for you.' } });
    expect(wrapper.findAll('[data-testid="chat-message"]')).toHaveLength(3);
    expect((wrapper.get('[data-testid="chat-input"]').element as HTMLTextAreaElement).value).toBe('');
  });
});
