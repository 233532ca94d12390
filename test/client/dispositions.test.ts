// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DispositionCode } from '@shared/schemas/dispositions';
import { useAuthStore } from '@/auth/auth.store';
import DispositionPanel from '@/campaigns/DispositionPanel.vue';
import { useDialerStore } from '@/campaigns/dialer.store';
import DispositionsView from '@/dispositions/DispositionsView.vue';
import { useInteractionsStore } from '@/interactions/interactions.store';
import InteractionView from '@/interactions/InteractionView.vue';
import { applyLocale } from '@/i18n';
import { ids, interactionWire, ioanaPicture, pop, wire } from './fixtures';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const code = (over: Partial<DispositionCode>): DispositionCode => ({
  id: 'eeeeeeeeeeeeeeeeeeeeeeee',
  code: 'x',
  label: 'x',
  labels: {},
  scope: 'all',
  direction: 'inbound',
  endsContact: true,
  action: 'none',
  active: true,
  builtIn: false,
  ...over,
});
const resolved = code({ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', code: 'resolved', label: 'Resolved', builtIn: true });
const refund = code({ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', code: 'refund-issued', label: 'Refund issued', labels: { fa: 'بازپرداخت انجام شد' }, scope: 'queue:billing' });
const engaged = code({ id: 'cccccccccccccccccccccccc', code: 'line-engaged', label: 'Line engaged', direction: 'outbound', action: 'retry', endsContact: false, scope: 'campaign:dddddddddddddddddddddddd' });

let pinia: ReturnType<typeof freshPinia>;
const as = (role: 'admin' | 'supervisor') => useAuthStore().$patch({ user: { id: 'u1', username: role, role } } as never);
beforeEach(() => {
  pinia = freshPinia();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await applyLocale('en');
});

const listRoutes = (items: DispositionCode[]) => ({
  'GET /api/dispositions': () => items,
  'GET /api/queues': () => ['billing', 'sales'],
  'GET /api/campaigns': () => [],
});

describe('the disposition codes screen', () => {
  it('lists codes with where they apply and what they do; a supervisor reads only', async () => {
    as('supervisor');
    const api = stubApi(listRoutes([resolved, refund, engaged]));
    const w = mountWith(DispositionsView, pinia);
    await settle();
    const rows = w.findAll('[data-testid="disposition-row"]');
    expect(rows.map((r) => r.attributes('data-code'))).toEqual(['resolved', 'refund-issued', 'line-engaged']);
    expect(rows[1]!.text()).toMatch(/Queue billing/);
    expect(rows[2]!.text()).toMatch(/Schedules a retry.*contact stays open/);
    expect(w.find('[data-testid="disposition-edit"]').exists()).toBe(false);

    await w.get('[data-testid="dispositions-filter-direction"]').setValue('outbound');
    await settle();
    await w.get('[data-testid="dispositions-filter-archived"]').setValue(true);
    await settle();
    expect(api.find('GET', '/api/dispositions?direction=outbound&status=all')).toHaveLength(1);

    const blob = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:dispositions');
    await w.get('[data-testid="dispositions-export"]').trigger('click');
    await settle();
    expect(api.find('GET', '/api/dispositions?direction=outbound&status=all&format=csv')).toHaveLength(1);
    blob.mockRestore();
  });

  it('creates a queue’s code as the shared schema reads it, and refuses an invalid one before sending', async () => {
    as('admin');
    const api = stubApi({ ...listRoutes([resolved]), 'POST /api/dispositions': (c) => ({ status: 201, body: { ...refund, ...(c.body as object) } }) });
    const w = mountWith(DispositionsView, pinia);
    await settle();
    await w.get('[data-testid="dispositions-add"]').trigger('click');
    await w.get('[data-testid="disposition-code"]').setValue('Refund Issued');
    await w.get('[data-testid="disposition-form"]').trigger('submit');
    await settle();
    const problems = w.get('[data-testid="disposition-problems"]').text();
    expect(problems).toMatch(/Code: lower-case letters/);
    expect(problems).toMatch(/Name: enter a name/);
    expect(api.find('POST', '/api/dispositions')).toHaveLength(0);

    await w.get('[data-testid="disposition-code"]').setValue('refund-issued');
    await w.get('[data-testid="disposition-label"]').setValue('Refund issued');
    await w.get('[data-testid="disposition-scope-kind"]').setValue('queue');
    await w.get('[data-testid="disposition-queue"]').setValue('billing');
    await w.get('[data-testid="disposition-labels-fa"]').setValue('بازپرداخت انجام شد');
    await w.get('[data-testid="disposition-form"]').trigger('submit');
    await settle();
    expect(api.find('POST', '/api/dispositions')[0]!.body).toEqual({
      code: 'refund-issued',
      label: 'Refund issued',
      labels: { fa: 'بازپرداخت انجام شد' },
      scope: 'queue:billing',
      direction: 'inbound',
      endsContact: true,
      action: 'none',
      active: true,
    });
    expect(w.get('[data-testid="dispositions-done"]').text()).toContain('refund-issued');
  });

  it('keeps a built-in code’s code and direction fixed, shows the server’s refusal, and archives after confirming', async () => {
    as('admin');
    vi.stubGlobal('confirm', () => true);
    const api = stubApi({
      ...listRoutes([resolved, refund]),
      'PATCH /api/dispositions/:id': () => ({ status: 409, body: { error: { code: 'DISPOSITION_CODE_TAKEN', message: 'taken', params: { code: 'resolved' } } } }),
      'DELETE /api/dispositions/:id': () => ({ ...refund, active: false }),
    });
    const w = mountWith(DispositionsView, pinia);
    await settle();
    await w.findAll('[data-testid="disposition-edit"]')[0]!.trigger('click');
    expect(w.get('[data-testid="disposition-code"]').attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="disposition-direction"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="disposition-form"]').trigger('submit');
    await settle();
    expect(api.find('PATCH', `/api/dispositions/${resolved.id}`)).toHaveLength(1);
    expect(w.get('[data-testid="dispositions-error"]').text()).toMatch(/resolved already exists/);

    await w.findAll('[data-testid="disposition-archive"]')[1]!.trigger('click');
    await settle();
    expect(api.find('DELETE', `/api/dispositions/${refund.id}`)).toHaveLength(1);
    expect(w.get('[data-testid="dispositions-done"]').text()).toMatch(/archived/);
  });
});

describe('the wrap-up’s disposition picker', () => {
  it('offers the codes of the interaction’s queue, in the agent’s language, and records the one picked', async () => {
    const api = stubApi({
      'GET /api/dispositions': () => [resolved, refund],
      'PATCH /api/interactions/:id': () => interactionWire({ disposition: 'refund-issued', wrappedUpAt: '2025-05-03T09:10:00.000Z' }),
    });
    const interactions = useInteractionsStore();
    interactions.receivePop({ ...pop(), queue: 'billing' });
    const w = mountWith(InteractionView, pinia, { props: { live: interactions.items[ids.call]! } });
    await settle();
    expect(api.find('GET', '/api/dispositions?queue=billing')).toHaveLength(1);
    const options = () => w.findAll('[data-testid="disposition-select"] option').map((o) => [o.attributes('value'), o.text()]);
    expect(options().slice(1)).toEqual([
      ['resolved', 'Resolved'],
      ['refund-issued', 'Refund issued'],
    ]);
    await applyLocale('fa');
    await settle();
    expect(options()[2]).toEqual(['refund-issued', 'بازپرداخت انجام شد']);

    await w.get('[data-testid="disposition-select"]').setValue('refund-issued');
    await w.get('[data-testid="wrap-up"] form').trigger('submit');
    await settle();
    expect(api.find('PATCH', /interactions/)[0]!.body).toMatchObject({ disposition: 'refund-issued' });
    expect(w.get('[data-testid="disposition-saved"]').text()).toContain('بازپرداخت انجام شد');
  });
});

describe('the dialer’s outcomes', () => {
  it('adds the campaign’s own codes beside the console’s, and books a callback under the campaign’s callback code', async () => {
    const campaignId = 'dddddddddddddddddddddddd';
    const later = code({ id: 'ffffffffffffffffffffffff', code: 'call-me-later', label: 'Call me later', direction: 'outbound', action: 'callback', endsContact: false, scope: `campaign:${campaignId}` });
    const sale = code({ id: 'abababababababababababab', code: 'sale', label: 'Sale', direction: 'outbound', builtIn: true });
    const contact = { entryId: '65f1a2b3c4d5e6f708192d01', campaignId, interactionId: '65f1a2b3c4d5e6f708192e01', customerId: ids.ioana, phone: '+40722123456', reason: 'fresh', attempts: 0, lockedUntil: '2026-11-24T10:30:00.000Z', picture: wire(ioanaPicture), offers: [] };
    const api = stubApi({
      'GET /api/dispositions': () => [sale, engaged, later],
      'POST /api/campaigns/:id/contacts/:entryId/disposition': () => ({ entryId: contact.entryId, next: 'retry', dueAt: '2026-11-24T14:00:00.000Z', progress: { total: 1, attempted: 1, reached: 0, converted: 0, remaining: 1, callbacks: 0, byDisposition: {}, excluded: {} } }),
    });
    const dialer = useDialerStore();
    dialer.$patch({ contact: contact as never });
    const w = mountWith(DispositionPanel, pinia, { props: { contact: contact as never } });
    await settle();
    expect(api.find('GET', `/api/dispositions?campaignId=${campaignId}`)).toHaveLength(1);
    // The console's own buttons stay; the campaign's retry code is a button of its own; `sale` is not twice.
    expect(w.findAll('[data-testid="dispose-sale"]')).toHaveLength(1);
    await w.get('[data-testid="dispose-line-engaged"]').trigger('click');
    await settle();
    expect(api.find('POST', /disposition$/)[0]!.body).toEqual({ disposition: 'line-engaged' });

    dialer.$patch({ contact: contact as never });
    await w.get('[data-testid="callback-code"]').setValue('call-me-later');
    await w.get('[data-testid="callback-at"]').setValue('2030-01-02T10:00');
    await w.get('[data-testid="dispose-callback"]').trigger('submit');
    await settle();
    expect(api.find('POST', /disposition$/)[1]!.body).toMatchObject({ disposition: 'call-me-later', callbackAt: new Date('2030-01-02T10:00').toISOString() });
  });
});

