// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallbackTask } from '@shared/schemas/callbacks';
import { useAuthStore } from '@/auth/auth.store';
import CallbacksView from '@/callbacks/CallbacksView.vue';
import { registerCallbackListeners, useCallbacksStore } from '@/callbacks/callbacks.store';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const ME = '65f1a2b3c4d5e6f708190001';
const task = (over: Partial<CallbackTask> = {}): CallbackTask => ({
  id: '65f1a2b3c4d5e6f708193001',
  queue: 'sales',
  name: 'Ada Lovelace',
  phone: '+44 7700 900123',
  message: 'About my dishwasher',
  source: 'chat-widget',
  customerId: null,
  state: 'open',
  createdAt: '2026-11-24T09:00:00.000Z',
  updatedAt: '2026-11-24T09:00:00.000Z',
  ...over,
});
const ada = task();
const ben = task({ id: '65f1a2b3c4d5e6f708193002', name: 'Ben Okri', queue: 'service', createdAt: '2026-11-24T09:05:00.000Z' });

let pinia: ReturnType<typeof freshPinia>;
beforeEach(() => {
  pinia = freshPinia();
  useAuthStore().$patch({ user: { id: ME, username: 'telemarketer', role: 'telemarketer', displayName: 'Tess Marketer' } } as never);
});
afterEach(() => vi.unstubAllGlobals());

const rows = (w: ReturnType<typeof mountWith>) => w.findAll('[data-testid="callback-row"]').map((r) => r.attributes('data-id'));

describe('the callbacks screen', () => {
  it('lists the tasks oldest first and adds one pushed live, in its place', async () => {
    stubApi({ 'GET /api/callbacks': () => [ada], 'GET /api/queues': () => ['sales', 'service'] });
    const w = mountWith(CallbacksView, pinia);
    const { socket, serverSends } = fakeSocket();
    registerCallbackListeners(socket);
    await settle();
    expect(rows(w)).toEqual([ada.id]);

    serverSends('callback:changed', ben);
    serverSends('callback:changed', task({ id: '65f1a2b3c4d5e6f708193000', name: 'Early Bird', createdAt: '2026-11-24T08:00:00.000Z' }));
    await settle();
    expect(rows(w)).toEqual(['65f1a2b3c4d5e6f708193000', ada.id, ben.id]);
    expect(w.get('[data-testid="callbacks-count"]').text()).toBe('3 callbacks');
    // A task someone closed leaves a list of tasks to do.
    serverSends('callback:changed', task({ state: 'done', outcome: 'reached' }));
    await settle();
    expect(rows(w)).toEqual(['65f1a2b3c4d5e6f708193000', ben.id]);
  });

  it('asks the server again when a filter changes, and keeps only pushed tasks that match it', async () => {
    const api = stubApi({ 'GET /api/callbacks': (c) => (c.path.includes('queue=service') ? [ben] : [ada, ben]), 'GET /api/queues': () => ['sales', 'service'] });
    const w = mountWith(CallbacksView, pinia);
    const { socket, serverSends } = fakeSocket();
    registerCallbackListeners(socket);
    await settle();
    await w.get('[data-testid="callbacks-filter-queue"]').setValue('service');
    await settle();
    expect(api.find('GET', /\/api\/callbacks\?queue=service$/)).toHaveLength(1);
    expect(rows(w)).toEqual([ben.id]);
    serverSends('callback:changed', task({ id: '65f1a2b3c4d5e6f708193009', name: 'Sales Only' }));
    await settle();
    expect(rows(w)).toEqual([ben.id]);
  });

  it('takes a task: it shows the customer, a tel: link and the message; closing sends the outcome and note', async () => {
    const api = stubApi({
      'GET /api/callbacks': () => [ada],
      'GET /api/queues': () => ['sales'],
      'POST /api/callbacks/:id/claim': () => ({ status: 200, body: { ...ada, state: 'claimed', claimedBy: ME, claimedByName: 'Tess Marketer' } }),
      'POST /api/callbacks/:id/close': (c) => ({ status: 200, body: { ...ada, state: 'done', claimedBy: ME, ...(c.body as object) } }),
    });
    const w = mountWith(CallbacksView, pinia);
    await settle();
    await w.get('[data-testid="callback-take"]').trigger('click');
    await settle();
    const card = w.get('[data-testid="callback-mine"]');
    expect(card.text()).toContain('Ada Lovelace');
    expect(card.get('[data-testid="callback-call"]').attributes('href')).toBe('tel:+447700900123');
    expect(card.get('[data-testid="callback-message"]').text()).toBe('About my dishwasher');

    await card.get('[data-testid="callback-outcome"]').setValue('no-answer');
    await card.get('[data-testid="callback-note"]').setValue('  Left a voicemail ');
    await card.get('form').trigger('submit');
    await settle();
    expect(api.find('POST', `/api/callbacks/${ada.id}/close`)[0]!.body).toEqual({ outcome: 'no-answer', note: 'Left a voicemail' });
    expect(w.find('[data-testid="callback-mine"]').exists()).toBe(false);
    expect(rows(w)).toEqual([]);
  });

  it('says who has a task when someone else took it first, and shows it as it now is', async () => {
    let taken = false;
    stubApi({
      'GET /api/callbacks': () => [taken ? { ...ada, state: 'claimed', claimedBy: 'someone', claimedByName: 'Priya Shah' } : ada],
      'GET /api/queues': () => ['sales'],
      'POST /api/callbacks/:id/claim': () => {
        taken = true;
        return { status: 409, body: { error: { code: 'CALLBACK_TAKEN', message: 'Priya Shah has taken this callback', params: { by: 'Priya Shah' } } } };
      },
    });
    const w = mountWith(CallbacksView, pinia);
    await settle();
    await w.get('[data-testid="callback-take"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="callbacks-error"]').text()).toBe('Priya Shah has already taken this callback.');
    expect(w.get('[data-testid="callback-row"]').attributes('data-state')).toBe('claimed');
    expect(w.find('[data-testid="callback-take"]').exists()).toBe(false);
  });

  it('counts the tasks waiting to be taken, live', async () => {
    stubApi({ 'GET /api/callbacks': () => [ada] });
    const store = useCallbacksStore();
    const { socket, serverSends } = fakeSocket();
    registerCallbackListeners(socket);
    serverSends('connect');
    await settle();
    expect(store.waitingCount).toBe(1);
    serverSends('callback:changed', ben);
    expect(store.waitingCount).toBe(2);
    serverSends('callback:changed', { ...ada, state: 'claimed', claimedBy: 'x', claimedByName: 'X' });
    expect(store.waitingCount).toBe(1);
  });
});
