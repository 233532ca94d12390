// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueSettings } from '@shared/schemas/queue-settings';
import { useAuthStore } from '@/auth/auth.store';
import QueueSettingsView from '@/queues/QueueSettingsView.vue';
import QueuesBoard from '@/supervision/QueuesBoard.vue';
import { queueBoard } from './supervision-fixtures';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const sales: QueueSettings = { queue: 'sales', skills: ['billing'], serviceLevelSec: 30, serviceLevelTarget: 0.9, maxWaitSec: 300, acwLimitSec: 45, outsideHours: 'closed', numbers: ['+442079460000'], stored: true, updatedAt: '2026-12-01T10:00:00.000Z', updatedBy: 'admin' };
const service: QueueSettings = { queue: 'service', skills: [], serviceLevelSec: 20, serviceLevelTarget: 0.8, maxWaitSec: null, acwLimitSec: 120, outsideHours: 'callback', numbers: [], stored: false };

let pinia: ReturnType<typeof freshPinia>;
const as = (role: 'admin' | 'supervisor') => useAuthStore().$patch({ user: { id: 'u1', username: role, role } } as never);
beforeEach(() => {
  pinia = freshPinia();
});
afterEach(() => vi.unstubAllGlobals());

describe('the queues settings screen', () => {
  it('lists each queue’s settings, defaults marked, filters by name or skill, and links to the business hours', async () => {
    as('supervisor');
    const api = stubApi({ 'GET /api/queue-settings': (c) => (c.path.includes('q=bill') ? [sales] : [sales, service]) });
    const w = mountWith(QueueSettingsView, pinia);
    await settle();
    const rows = w.findAll('[data-testid="queue-settings-row"]');
    expect(rows.map((r) => r.attributes('data-queue'))).toEqual(['sales', 'service']);
    expect(rows[0]!.text()).toContain('billing');
    expect(rows[0]!.text()).toMatch(/90%.*30/);
    expect(rows[1]!.text()).toMatch(/defaults/);
    expect(rows[1]!.text()).toMatch(/No limit/);
    expect(w.get('[data-testid="queue-settings-hours-link"]').attributes('href')).toBe('/admin/queue-hours');
    // A supervisor reads; changing is an admin's.
    expect(w.find('[data-testid="queue-settings-edit"]').exists()).toBe(false);
    expect(w.find('[data-testid="queue-settings-read-only"]').exists()).toBe(true);

    await w.get('[data-testid="queue-settings-filter"]').setValue('bill');
    await w.get('[data-testid="queue-settings-filters"]').trigger('submit');
    await settle();
    expect(api.find('GET', '/api/queue-settings?q=bill')).toHaveLength(1);
    expect(w.findAll('[data-testid="queue-settings-row"]')).toHaveLength(1);
  });

  it('saves an admin’s edit as the shared schema reads it', async () => {
    as('admin');
    const api = stubApi({
      'GET /api/queue-settings': () => [sales, service],
      'PUT /api/queue-settings/:queue': (c) => ({ ...service, ...(c.body as object), stored: true }),
    });
    const w = mountWith(QueueSettingsView, pinia);
    await settle();
    await w.findAll('[data-testid="queue-settings-edit"]')[1]!.trigger('click');
    await w.get('[data-testid="queue-settings-skills"]').setValue('billing  vip');
    await w.get('[data-testid="queue-settings-sl-target"]').setValue(95);
    await w.get('[data-testid="queue-settings-max-wait"]').setValue('600');
    await w.get('[data-testid="queue-settings-acw"]').setValue(30);
    await w.get('[data-testid="queue-settings-outside"]').setValue('closed');
    await w.get('[data-testid="queue-settings-numbers"]').setValue('+44 20 7946 0000; 0800-123 ,');
    await w.get('[data-testid="queue-settings-form"]').trigger('submit');
    await settle();
    expect(api.find('PUT', '/api/queue-settings/service')[0]!.body).toEqual({ skills: ['billing', 'vip'], serviceLevelSec: 20, serviceLevelTarget: 0.95, maxWaitSec: 600, acwLimitSec: 30, outsideHours: 'closed', numbers: ['+442079460000', '0800123'] });
    expect(w.get('[data-testid="queue-settings-done"]').text()).toContain('service');
    expect(w.find('[data-testid="queue-settings-form"]').exists()).toBe(false);
  });

  it('marks invalid fields and sends nothing; shows the server’s refusal', async () => {
    as('admin');
    const api = stubApi({
      'GET /api/queue-settings': () => [sales],
      'PUT /api/queue-settings/:queue': () => ({ status: 400, body: { error: { code: 'VALIDATION', message: 'queue settings are not valid' } } }),
    });
    const w = mountWith(QueueSettingsView, pinia);
    await settle();
    await w.get('[data-testid="queue-settings-add"]').trigger('click');
    await w.get('[data-testid="queue-settings-name"]').setValue('no spaces allowed');
    await w.get('[data-testid="queue-settings-sl-target"]').setValue(150);
    await w.get('[data-testid="queue-settings-acw"]').setValue(2);
    await w.get('[data-testid="queue-settings-form"]').trigger('submit');
    await settle();
    const problems = w.get('[data-testid="queue-settings-problems"]').text();
    expect(problems).toMatch(/Queue:/);
    expect(problems).toMatch(/Service level target.*0 to 100/);
    expect(problems).toMatch(/After-call work limit.*5 to 3600/);
    expect(api.find('PUT', /queue-settings/)).toHaveLength(0);

    await w.get('[data-testid="queue-settings-name"]').setValue('refunds');
    await w.get('[data-testid="queue-settings-sl-target"]').setValue(80);
    await w.get('[data-testid="queue-settings-acw"]').setValue(60);
    await w.get('[data-testid="queue-settings-form"]').trigger('submit');
    await settle();
    expect(api.find('PUT', '/api/queue-settings/refunds')).toHaveLength(1);
    expect(w.get('[data-testid="queue-settings-error"]').text()).not.toBe('');
    expect(w.find('[data-testid="queue-settings-form"]').exists()).toBe(true);
  });

  it('resets a queue to the defaults after confirming, and exports the filtered list', async () => {
    as('admin');
    vi.stubGlobal('confirm', () => true);
    let stored = true;
    const api = stubApi({
      'GET /api/queue-settings': () => [{ ...sales, stored }],
      'DELETE /api/queue-settings/:queue': () => {
        stored = false;
        return { ...sales, stored: false };
      },
    });
    const w = mountWith(QueueSettingsView, pinia);
    await settle();
    await w.get('[data-testid="queue-settings-reset"]').trigger('click');
    await settle();
    expect(api.find('DELETE', '/api/queue-settings/sales')).toHaveLength(1);
    expect(w.find('[data-testid="queue-settings-reset"]').exists()).toBe(false);
    expect(w.get('[data-testid="queue-settings-done"]').text()).toMatch(/default/);

    const blob = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:queue-settings');
    await w.get('[data-testid="queue-settings-filter"]').setValue('sal');
    await w.get('[data-testid="queue-settings-filters"]').trigger('submit');
    await settle();
    await w.get('[data-testid="queue-settings-export"]').trigger('click');
    await settle();
    expect(api.find('GET', '/api/queue-settings?q=sal&format=csv')).toHaveLength(1);
    expect(blob).toHaveBeenCalledOnce();
    blob.mockRestore();
  });

  it('shows each queue’s maximum wait on the floor, red once the longest wait passes it', async () => {
    as('supervisor');
    // billing's longest wait is 34 s: past a 30 s limit; sales has no limit.
    stubApi({ 'GET /api/queue-settings': () => [{ ...sales, queue: 'billing', maxWaitSec: 30 }, { ...service, queue: 'sales' }] });
    const w = mountWith(QueuesBoard, pinia, { props: { board: queueBoard } });
    await settle();
    const billing = w.get('[data-queue="billing"]');
    expect(billing.get('[data-testid="queue-max-wait"]').text()).toMatch(/limit/);
    expect(billing.get('[data-testid="queue-max-wait"]').element.parentElement!.className).toContain('text-danger');
    expect(w.get('[data-queue="sales"]').find('[data-testid="queue-max-wait"]').exists()).toBe(false);
  });
});
