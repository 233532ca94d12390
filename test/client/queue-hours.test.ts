// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueHours } from '@shared/schemas/queue-hours';
import { useAuthStore } from '@/auth/auth.store';
import QueueHoursView from '@/queues/QueueHoursView.vue';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const closed: never[] = [];
const salesHours: QueueHours = { timeZone: 'Europe/London', week: [closed, [{ from: '09:00', to: '17:00' }], closed, closed, closed, closed, closed], holidays: ['2026-12-25'] };

let pinia: ReturnType<typeof freshPinia>;
beforeEach(() => {
  pinia = freshPinia();
  useAuthStore().$patch({ user: { id: 'u1', username: 'supervisor', role: 'supervisor' } } as never);
});
afterEach(() => vi.unstubAllGlobals());

describe('the queue hours screen', () => {
  it('shows the chosen queue’s hours and saves the edited week', async () => {
    const api = stubApi({
      'GET /api/queues': () => ['sales', 'service'],
      'GET /api/queues/sales/hours': () => ({ queue: 'sales', hours: salesHours }),
      'PUT /api/queues/sales/hours': (c) => ({ status: 200, body: { queue: 'sales', hours: c.body } }),
    });
    const w = mountWith(QueueHoursView, pinia);
    await settle();
    expect((w.get('[data-testid="queue-hours-zone"]').element as HTMLInputElement).value).toBe('Europe/London');
    expect(w.get('[data-testid="queue-hours-day-1"]').findAll('[data-testid="queue-hours-from"]')).toHaveLength(1);

    await w.get('[data-testid="queue-hours-add-2"]').trigger('click');
    const tuesday = w.get('[data-testid="queue-hours-day-2"]');
    await tuesday.get('[data-testid="queue-hours-from"]').setValue('18:00');
    await tuesday.get('[data-testid="queue-hours-to"]').setValue('00:00');
    await w.get('form').trigger('submit');
    await settle();
    const sent = api.find('PUT', '/api/queues/sales/hours')[0]!.body as QueueHours;
    expect(sent.week[2]).toEqual([{ from: '18:00', to: '00:00' }]);
    expect(sent.holidays).toEqual(['2026-12-25']);
    expect(w.get('[data-testid="queue-hours-saved"]').text()).toContain('sales');
  });

  it('marks a span that closes before it opens and an unknown time zone, and sends nothing', async () => {
    const api = stubApi({ 'GET /api/queues': () => ['sales'], 'GET /api/queues/sales/hours': () => ({ queue: 'sales', hours: null }) });
    const w = mountWith(QueueHoursView, pinia);
    await settle();
    expect(w.get('[data-testid="queue-hours-state"]').text()).toMatch(/always open/);
    const monday = w.get('[data-testid="queue-hours-day-1"]');
    await monday.get('[data-testid="queue-hours-from"]').setValue('17:00');
    await monday.get('[data-testid="queue-hours-to"]').setValue('09:00');
    await w.get('[data-testid="queue-hours-zone"]').setValue('Mars/Olympus');
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid="queue-hours-problem"]').text()).toMatch(/close after it opens/);
    expect(w.get('[data-testid="queue-hours-zone"]').attributes('aria-invalid')).toBe('true');
    expect(w.get('[data-testid="queue-hours-invalid"]').text()).toMatch(/not valid/);
    expect(api.find('PUT', /hours/)).toHaveLength(0);
  });

  it('removes a queue’s hours: always open again', async () => {
    const api = stubApi({
      'GET /api/queues': () => ['sales'],
      'GET /api/queues/sales/hours': () => ({ queue: 'sales', hours: salesHours }),
      'DELETE /api/queues/sales/hours': () => ({ queue: 'sales', hours: null }),
    });
    const w = mountWith(QueueHoursView, pinia);
    await settle();
    await w.get('[data-testid="queue-hours-remove"]').trigger('click');
    await settle();
    expect(api.find('DELETE', '/api/queues/sales/hours')).toHaveLength(1);
    expect(w.get('[data-testid="queue-hours-state"]').text()).toMatch(/always open/);
  });
});
