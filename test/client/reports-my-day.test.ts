// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@shared/schemas/auth';
import { useAuthStore } from '@/auth/auth.store';
import App from '@/App.vue';
import MyDayView from '@/reports/MyDayView.vue';
import { todayIn } from '@/reports/report-query';
import { setSocket } from '@/realtime/client';
import { danaDay, danaTimeline, ids, reportOf } from './reports-fixtures';
import { freshPinia, freshRouter, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
const searchOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

let pinia: ReturnType<typeof freshPinia>;
beforeEach(() => {
  pinia = freshPinia();
  useAuthStore().$patch({ token: 'tok-dana', user: { id: ids.dana, username: 'dana', role: 'agent' } } as never);
});
afterEach(() => vi.unstubAllGlobals());

/** The agents report of Dana alone, for whatever day was asked. */
function api() {
  return stubApi({
    // Dana's usual day, moved to the day asked.
    'GET /api/reports/agents/:id/timeline': (c) => {
      const day = searchOf(c.path).day!;
      const shift = Date.parse(day) - Date.parse(danaTimeline.day);
      const segments = danaTimeline.segments.map((s) => ({ ...s, from: new Date(s.from.getTime() + shift), to: new Date(s.to.getTime() + shift) }));
      return { ...danaTimeline, day, tz, segments };
    },
    'GET /api/reports/agents': (c) => {
      const day = searchOf(c.path).from!;
      const mine = { ...danaDay, period: day };
      return { ...reportOf('agents', { from: day, to: day, tz, groupBy: 'day', agentId: ids.dana }), rows: [mine], totals: { ...mine, period: 'total' } };
    },
  });
}

describe('My day', () => {
  it('shows the agent’s own figures and activity for today', async () => {
    const stub = api();
    const w = mountWith(MyDayView, pinia);
    await settle();
    const today = todayIn(tz);
    const asked = stub.find('GET', /^\/api\/reports\/agents\?/);
    expect(asked).toHaveLength(1);
    expect(searchOf(asked[0]!.path)).toEqual({ from: today, to: today, tz, groupBy: 'day', agentId: ids.dana });
    expect(stub.find('GET', `/api/reports/agents/${ids.dana}/timeline?${new URLSearchParams({ day: today, tz })}`)).toHaveLength(1);

    expect(w.get('[data-testid="my-day-handledVoice"]').text()).toBe('Calls handled12');
    expect(w.get('[data-testid="my-day-handledChat"]').text()).toBe('Chats handled5');
    expect(w.get('[data-testid="my-day-talkSec"] dd').text()).toBe('1:30:00');
    expect(w.get('[data-testid="my-day-acwSec"] dd').text()).toBe('15:00');
    expect(w.get('[data-testid="my-day-ahtSec"] dd').text()).toBe('06:11');
    expect(w.get('[data-testid="my-day-occupancy"] dd').text()).toBe('50%');
    // Time in each state, each not-ready reason apart.
    const states = w.findAll('[data-testid="my-day-states"] dt').map((d) => d.text());
    expect(states).toEqual(['Available', 'Ringing', 'On a call', 'On chat', 'In after-call work', 'Not ready: Break', 'Not ready: Lunch', 'Offline']);
    expect(w.get('[data-testid="my-day-state-states.notReady.lunch"] dd').text()).toBe('30:00');
    expect(w.findAll('[data-testid="timeline-segment"]')).toHaveLength(danaTimeline.segments.length);
    expect((w.get('[data-testid="my-day-day"]').element as HTMLInputElement).max).toBe(today);
  });

  it('an earlier day from the picker asks for that day', async () => {
    const stub = api();
    const w = mountWith(MyDayView, pinia);
    await settle();
    await w.get('[data-testid="my-day-day"]').setValue('2026-11-02');
    await settle();
    expect(searchOf(stub.find('GET', /^\/api\/reports\/agents\?/).at(-1)!.path)).toMatchObject({ from: '2026-11-02', to: '2026-11-02', agentId: ids.dana });
    expect(stub.find('GET', new RegExp(`^/api/reports/agents/${ids.dana}/timeline\\?day=2026-11-02&`))).toHaveLength(1);
  });

  it('shows the server’s refusal', async () => {
    const refusal = () => ({ status: 403, body: { error: { code: 'REPORT_OUT_OF_SCOPE', message: 'you can see only your own figures' } } });
    stubApi({ 'GET /api/reports/agents/:id/timeline': refusal, 'GET /api/reports/agents': refusal });
    const w = mountWith(MyDayView, pinia);
    await settle();
    expect(w.get('[data-testid="my-day-error"]').text()).toContain('you can see only your own figures');
    expect(w.find('[data-testid="my-day-figures"]').exists()).toBe(false);
  });
});

describe('the way to My day', () => {
  const session = (role: Role) => sessionStorage.setItem('agent-console.session', JSON.stringify({ token: `tok-${role}`, user: { id: ids.dana, username: role, role } }));
  beforeEach(() => {
    sessionStorage.clear();
    setSocket(null);
  });

  it.each(['agent', 'telemarketer'] as const)('a %s finds My day in the top bar, beside Callbacks', async (role) => {
    session(role);
    api();
    const router = freshRouter('/console');
    const w = mountWith(App, freshPinia(), { router });
    await router.isReady();
    await settle();
    const link = w.get('[data-testid="nav-my-day"]');
    expect(w.find('[data-testid="nav-callbacks"]').exists()).toBe(true);
    await link.trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('myDay');
    expect(w.find('[data-testid="my-day-view"]').exists()).toBe(true);
    expect(w.get('[data-testid="nav-my-day"]').attributes('aria-current')).toBe('page');
    await w.get('[data-testid="my-day-back"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.name).toBe('console');
  });

  it('a supervisor has no My day link, and Reports among the back-office tabs', async () => {
    session('supervisor');
    stubApi({ 'GET /api/campaigns': () => [] });
    const router = freshRouter('/floor');
    const w = mountWith(App, freshPinia(), { router });
    await router.isReady();
    await settle();
    expect(w.find('[data-testid="nav-my-day"]').exists()).toBe(false);
    expect(w.get('[data-testid="section-reports"]').text()).toBe('Reports');
  });
});
