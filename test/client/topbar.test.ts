// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '@/App.vue';
import { useAgentStore } from '@/agent/agent.store';
import TopBar from '@/agent/TopBar.vue';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { setSocket } from '@/realtime/client';
import { useConnectionStore } from '@/realtime/connection.store';
import { registerListeners } from '@/realtime/socket';
import { ids, ioanaPicture, ioanaSummary, wire } from './fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const session = (role: string) =>
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: `tok-${role}`, user: { id: 'u1', username: role, role, displayName: 'Elena Marin' } }));

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
  setSocket(null);
});
afterEach(() => vi.useRealTimers());

describe('login', () => {
  it("shows the server's message when the password is wrong", async () => {
    stubApi({ 'POST /api/auth/login': () => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'wrong username or password' } } }) });
    const pinia = freshPinia();
    const wrapper = mountWith(App, pinia);
    await settle(); // the router's first navigation
    expect(wrapper.text()).toContain('Demo: agent / demo');
    await wrapper.get('[data-testid="login-username"]').setValue('agent');
    await wrapper.get('[data-testid="login-password"]').setValue('nope');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('wrong username or password');
  });

  it('opens the console and keeps the session for a reload, sending the token with requests', async () => {
    const api = stubApi({
      'POST /api/auth/login': () => ({ token: 'tok-123', user: { id: 'u1', username: 'agent', role: 'agent', displayName: 'Elena Marin' } }),
      [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture),
    });
    const pinia = freshPinia();
    const wrapper = mountWith(App, pinia);
    await settle(); // the router's first navigation
    await wrapper.get('[data-testid="login-username"]').setValue('agent');
    await wrapper.get('[data-testid="login-password"]').setValue('demo');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.get('[data-testid="current-user"]').text()).toContain('Elena Marin');
    expect(wrapper.get('[data-testid="current-user"]').text()).toContain('Service rep');
    expect(JSON.parse(sessionStorage.getItem('agent-console.session')!).token).toBe('tok-123');
    expect(wrapper.find('[data-testid="simulate-button"]').exists()).toBe(false);

    useWorkspaceStore().showCustomer(ids.ioana);
    await settle();
    expect(api.calls.at(-1)!.headers.Authorization).toBe('Bearer tok-123');

    await wrapper.get('[data-testid="logout"]').trigger('click');
    await settle();
    expect(sessionStorage.getItem('agent-console.session')).toBeNull();
    expect(wrapper.find('[data-testid="login-username"]').exists()).toBe(true);
  });
});

describe('top bar', () => {
  it('changes the agent state only once the server acknowledges it', async () => {
    session('agent');
    const pinia = freshPinia();
    const since = new Date(Date.now() - 65_000).toISOString();
    const { socket, emitted } = fakeSocket((req) => ({ data: { state: req.state, presence: req.state, since, voice: 0, chats: 0 } }));
    setSocket(socket);
    const wrapper = mountWith(TopBar, pinia);
    expect(wrapper.get('[data-testid="state-current"]').text()).toContain('Offline');

    await wrapper.get('[data-testid="state-available"]').trigger('click');
    await settle();

    expect(emitted).toEqual([{ event: 'agent:state', payload: { state: 'available' } }]);
    expect(wrapper.get('[data-testid="state-available"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-testid="state-current"]').text()).toMatch(/Available · 01:0\d/);
  });

  it('keeps the current state and says why when the server refuses the change', async () => {
    session('agent');
    const pinia = freshPinia();
    const { socket } = fakeSocket(() => ({ error: { code: 'DISPOSITION_OWED', message: 'Record the disposition of your last call first.' } }));
    setSocket(socket);
    const acwUntil = new Date(Date.now() + 90_500).toISOString();
    useAgentStore().applyStatus({ state: 'after-call-work', presence: 'not-ready', reason: 'break', acwUntil, since: new Date().toISOString(), voice: 0, chats: 0 });
    const wrapper = mountWith(TopBar, pinia);

    await wrapper.get('[data-testid="state-available"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="state-not-ready"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-testid="state-available"]').attributes('aria-pressed')).toBe('false');
    // After-call work counts down to its limit, and says what follows it.
    expect(wrapper.get('[data-testid="state-current"]').text()).toMatch(/After-call work · 01:(29|30) left/);
    expect(wrapper.get('[data-testid="state-then"]').text()).toContain('then not ready');
    expect(wrapper.text()).toContain('Record the disposition of your last call first.');
  });

  it('shows when the connection drops and comes back', async () => {
    session('agent');
    const pinia = freshPinia();
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);
    const wrapper = mountWith(TopBar, pinia);

    serverSends('connect');
    await settle(1);
    expect(wrapper.get('[data-testid="connection-status"]').attributes('data-status')).toBe('connected');
    serverSends('disconnect', 'transport close');
    await settle(1);
    expect(wrapper.get('[data-testid="connection-status"]').text()).toContain('Reconnecting');
    expect(useConnectionStore().status).toBe('reconnecting');
  });

  it('searches as the agent pauses typing and opens the picture without a call', async () => {
    vi.useFakeTimers();
    session('agent');
    const api = stubApi({
      'GET /api/customers': () => ({ items: [wire(ioanaSummary)], total: 1 }),
      [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture),
    });
    const pinia = freshPinia();
    const wrapper = mountWith(TopBar, pinia);

    const input = wrapper.get('[data-testid="search-input"]');
    await input.setValue('Pop');
    await input.setValue('Popescu');
    await vi.advanceTimersByTimeAsync(300);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/customers?q=Popescu']);

    await wrapper.get('[data-testid="search-result"]').trigger('mousedown');
    await vi.advanceTimersByTimeAsync(10);
    expect(useWorkspaceStore().selection).toEqual({ kind: 'customer', id: ids.ioana });
    expect(api.calls.at(-1)!.path).toBe(`/api/customers/${ids.ioana}/picture`);
  });

  it('gives supervisors a button that asks the demo simulator for calls', async () => {
    session('supervisor');
    const api = stubApi({ 'POST /api/demo/simulate': () => ({ sent: 5 }) });
    const pinia = freshPinia();
    const wrapper = mountWith(TopBar, pinia);

    await wrapper.get('[data-testid="simulate-button"]').trigger('click');
    await settle();
    expect(api.calls[0]).toMatchObject({ method: 'POST', path: '/api/demo/simulate', body: { calls: 3, chats: 2 } });
    expect(wrapper.text()).toContain('5 sent');
  });
});
