// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotReadyReason } from '@shared/realtime/agent-state';
import AgentStateSwitch from '@/agent/AgentStateSwitch.vue';
import { useAgentStore } from '@/agent/agent.store';
import { useAuthStore } from '@/auth/auth.store';
import { applyLocale } from '@/i18n';
import NotReadyReasonsView from '@/not-ready-reasons/NotReadyReasonsView.vue';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const REASONS: NotReadyReason[] = [
  { code: 'break', label: 'Break', active: true },
  { code: 'lunch', label: 'Lunch', active: true },
  { code: 'training', label: 'Training', active: false },
];

let pinia: ReturnType<typeof freshPinia>;
beforeEach(() => {
  pinia = freshPinia();
  useAuthStore().$patch({ user: { id: 'u1', username: 'admin', role: 'admin' } } as never);
});
afterEach(() => {
  vi.unstubAllGlobals();
  applyLocale('en');
});

/** The API with the stored list (also answering the CSV export); a PUT answers what it was sent, as the server does when it accepts it. */
const api = (put: Parameters<typeof stubApi>[0][string] = (c) => c.body) =>
  stubApi({ 'GET /api/agent-states/reasons': () => REASONS, 'PUT /api/agent-states/reasons': put });

const rows = (w: ReturnType<typeof mountWith>) => w.findAll('[data-testid="reason-row"]').map((r) => r.attributes('data-code'));

describe('the not-ready reasons screen', () => {
  it('lists the reasons in order with their state, reorders them from the keyboard, and saves the new order', async () => {
    const calls = api();
    const w = mountWith(NotReadyReasonsView, pinia, { attachTo: document.body });
    await settle();
    expect(rows(w)).toEqual(['break', 'lunch', 'training']);
    expect(w.findAll('[data-testid="reason-status"]').map((s) => s.text())).toEqual(['Offered', 'Offered', 'Archived']);
    expect(w.get('[data-testid="reasons-save"]').attributes('disabled')).toBeDefined();

    const lunchUp = w.get('[data-testid="reason-row"][data-code="lunch"] [data-testid="reason-up"]');
    (lunchUp.element as HTMLButtonElement).focus();
    await lunchUp.trigger('click');
    await settle();
    expect(rows(w)).toEqual(['lunch', 'break', 'training']);
    // Lunch reached the top: its up button is disabled, so the keyboard stays on it through its down button.
    expect(document.activeElement).toBe(w.get('[data-testid="reason-row"][data-code="lunch"] [data-testid="reason-down"]').element);
    expect(w.get('[data-testid="reasons-announcement"]').text()).toBe('Lunch is now number 1.');

    await w.get('[data-testid="reasons-form"]').trigger('submit');
    await settle();
    expect(calls.find('PUT', '/api/agent-states/reasons')[0]!.body).toEqual([REASONS[1], REASONS[0], REASONS[2]]);
    expect(w.get('[data-testid="reasons-saved"]').text()).toContain('saved');
  });

  it('adds a reason, edits a label, archives and offers one again', async () => {
    const calls = api();
    const w = mountWith(NotReadyReasonsView, pinia, { attachTo: document.body });
    await settle();
    await w.get('[data-testid="reason-add"]').trigger('click');
    await settle();
    const added = w.findAll('[data-testid="reason-row"]').at(-1)!;
    expect(document.activeElement).toBe(added.get('[data-testid="reason-code"]').element);
    await added.get('[data-testid="reason-code"]').setValue('quiet-hour');
    await added.get('[data-testid="reason-label"]').setValue('Quiet hour');
    await w.get('[data-testid="reason-row"][data-code="break"] [data-testid="reason-label"]').setValue('Short break');
    await w.get('[data-testid="reason-row"][data-code="lunch"] [data-testid="reason-toggle"]').trigger('click');
    await w.get('[data-testid="reason-row"][data-code="training"] [data-testid="reason-toggle"]').trigger('click');
    await w.get('[data-testid="reasons-form"]').trigger('submit');
    await settle();
    expect(calls.find('PUT', '/api/agent-states/reasons')[0]!.body).toEqual([
      { code: 'break', label: 'Short break', active: true },
      { code: 'lunch', label: 'Lunch', active: false },
      { code: 'training', label: 'Training', active: true },
      { code: 'quiet-hour', label: 'Quiet hour', active: true },
    ]);
    // Saved: the new code is fixed now (the state log refers to it).
    expect(w.get('[data-testid="reason-row"][data-code="quiet-hour"]').find('[data-testid="reason-code"]').exists()).toBe(false);
  });

  it('marks a bad code and an empty label from the shared schema and sends nothing; an unsaved reason can be removed', async () => {
    const calls = api();
    const w = mountWith(NotReadyReasonsView, pinia);
    await settle();
    await w.get('[data-testid="reason-add"]').trigger('click');
    const added = w.findAll('[data-testid="reason-row"]').at(-1)!;
    await added.get('[data-testid="reason-code"]').setValue('Quiet Hour');
    await w.get('[data-testid="reason-row"][data-code="break"] [data-testid="reason-label"]').setValue('  ');
    await w.get('[data-testid="reasons-form"]').trigger('submit');
    await settle();
    expect(calls.find('PUT', '/api/agent-states/reasons')).toHaveLength(0);
    expect(added.get('[data-testid="reason-code"]').attributes('aria-invalid')).toBe('true');
    expect(added.text()).toContain('lower-case letters');
    expect(w.get('[data-testid="reason-row"][data-code="break"] [data-testid="reason-label"]').attributes('aria-invalid')).toBe('true');
    expect(w.get('[data-testid="reasons-invalid"]').text()).toContain('not valid');

    await w.findAll('[data-testid="reason-row"]').at(-1)!.get('[data-testid="reason-remove"]').trigger('click');
    expect(rows(w)).toEqual(['break', 'lunch', 'training']);
    // Saved reasons are archived, never removed.
    expect(w.get('[data-testid="reason-row"][data-code="lunch"]').find('[data-testid="reason-remove"]').exists()).toBe(false);
  });

  it.each([
    ['en', 'REASON_TWICE', { reason: 'break' }, 'The reason “break” is listed twice.'],
    ['en', 'REASON_RESERVED', { reason: 'login' }, '“login” is a reason the system gives. Pick another code.'],
    ['fa', 'REASON_NONE_ACTIVE', undefined, 'دست‌کم یک دلیل فعال نگه دارید، وگرنه کارشناسان هرگز نمی‌توانند استراحت کنند.'],
    ['hu', 'REASON_NONE_ACTIVE', undefined, 'Legalább egy aktív okot hagyjon meg, különben az ügyintézők sosem mehetnének szünetre.'],
  ])('shows the server’s refusal %s %s in the user’s language', async (locale, code, params, text) => {
    applyLocale(locale as 'en');
    api(() => ({ status: 400, body: { error: { code, message: 'refused in English', params } } }));
    const w = mountWith(NotReadyReasonsView, pinia);
    await settle();
    await w.get('[data-testid="reason-row"][data-code="break"] [data-testid="reason-toggle"]').trigger('click');
    await w.get('[data-testid="reasons-form"]').trigger('submit');
    await settle();
    expect(w.get('[data-testid="reasons-error"]').text()).toBe(text);
    // The draft stays as it was, to fix and save again.
    expect(w.find('[data-testid="reasons-unsaved"]').exists()).toBe(true);
  });

  it('exports the list as CSV', async () => {
    const calls = api();
    const w = mountWith(NotReadyReasonsView, pinia);
    await settle();
    await w.get('[data-testid="reasons-export"]').trigger('click');
    await settle();
    expect(calls.find('GET', '/api/agent-states/reasons?format=csv')).toHaveLength(1);
    expect(w.find('[data-testid="reasons-error"]').exists()).toBe(false);
  });
});

describe('the agent’s not-ready menu', () => {
  it('reads the reasons again when opened, so an admin’s change shows without logging in again', async () => {
    let served = REASONS;
    stubApi({ 'GET /api/agent-states/reasons': () => served });
    const agent = useAgentStore();
    await agent.loadReasons();
    const w = mountWith(AgentStateSwitch, pinia);
    const options = () => w.findAll('[data-testid="not-ready-reason"] option').map((o) => o.text());
    expect(options()).toEqual(['Break', 'Lunch']);

    served = [{ code: 'lunch', label: 'Lunch', active: true }, { code: 'break', label: 'Break', active: false }, { code: 'quiet-hour', label: 'Quiet hour', active: true }];
    await w.get('[data-testid="not-ready-reason"]').trigger('focus');
    await settle();
    expect(options()).toEqual(['Lunch', 'Quiet hour']);
    // The archived reason is no longer the one "Not ready" sends.
    expect(agent.lastReason).toBe('lunch');
  });
});
