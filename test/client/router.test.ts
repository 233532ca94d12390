// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOME, ROLES, SCREENS, mayOpen, screenIds } from '@shared/access/roles';
import type { Role } from '@shared/schemas/auth';
import App from '@/App.vue';
import { setSocket } from '@/realtime/client';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { andreiPicture, ids, ioanaPicture, pop, wire } from './fixtures';
import { freshPinia, freshRouter, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const session = (role: Role, extra: Record<string, unknown> = {}) =>
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: `tok-${role}`, user: { id: 'u1', username: role, role, displayName: 'Dana Pop', ...extra } }));

/** The whole app at `url`, as a reload on that URL opens it. */
async function openAt(url: string) {
  const pinia = freshPinia();
  const router = freshRouter(url);
  const wrapper = mountWith(App, pinia, { router });
  await router.isReady();
  await settle();
  return { wrapper, router, pinia };
}

/** A concrete URL for a screen (`:id` filled in). */
const urlOf = (id: keyof typeof SCREENS) => SCREENS[id].path.replace(':id', ids.ioana);

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  setSocket(null);
  stubApi({ 'GET /api/campaigns': () => [], [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture) });
});

describe('router guards from the shared role table', () => {
  // Every role against every screen: allowed ones open, the others send the role home with a message.
  for (const role of ROLES) {
    it(`a ${role} opens exactly the screens the table gives them`, async () => {
      session(role);
      freshPinia();
      for (const screen of screenIds.filter((s) => s !== 'login' && s !== 'password')) {
        const router = freshRouter();
        await router.push(urlOf(screen));
        const landed = router.currentRoute.value.name;
        expect(landed, `${role} → ${screen}`).toBe(mayOpen(role, screen) ? screen : HOME[role]);
      }
    });
  }

  it('sends a telemarketer who opens the floor to their console, saying why', async () => {
    session('telemarketer');
    const { wrapper, router } = await openAt('/floor');
    expect(router.currentRoute.value.fullPath).toBe('/console');
    expect(wrapper.get('[data-testid="route-notice"]').text()).toContain('Floor is not available to your role');
    expect(wrapper.find('[data-testid="supervisor-view"]').exists()).toBe(false);
    // The message goes once the user moves on of their own accord.
    await router.push('/console?again');
    await settle();
    expect(wrapper.find('[data-testid="route-notice"]').exists()).toBe(false);
  });

  it("a telemarketer's search does not lead to a screen they may not open", async () => {
    session('telemarketer');
    const { wrapper, router } = await openAt('/console');
    const { useWorkspaceStore } = await import('@/agent/workspace.store');
    useWorkspaceStore().showCustomer(ids.ioana);
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/console');
    expect(wrapper.find('[data-testid="route-notice"]').exists()).toBe(false);
  });

  it('sends a supervisor who opens an admin-only section to the floor', async () => {
    session('supervisor');
    const { wrapper, router } = await openAt('/admin/users');
    expect(router.currentRoute.value.name).toBe('floor');
    expect(wrapper.find('[data-testid="users-view"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="route-notice"]').text()).toContain('Users');
    expect(wrapper.find('[data-testid="section-users"]').exists()).toBe(false);
  });

  it('sends `/` and unknown URLs home', async () => {
    session('admin');
    const { router } = await openAt('/no/such/screen');
    expect(router.currentRoute.value.name).toBe('floor');
  });
});

describe('deep links and history', () => {
  it("opens an admin section from its URL on a reload, and the tab shows it's current", async () => {
    session('admin');
    const { wrapper } = await openAt('/admin/audit');
    expect(wrapper.find('[data-testid="audit-view"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="section-audit"]').attributes('aria-current')).toBe('page');
    expect(document.title).toBe('Audit log · Agent Console');
  });

  it('opens the campaign form from its URL, under the Campaigns tab', async () => {
    session('supervisor');
    stubApi({ 'GET /api/campaigns': () => [], 'GET /api/offers': () => [], 'POST /api/campaigns/preview': () => ({}) });
    const { wrapper } = await openAt('/campaigns/new');
    expect(wrapper.find('[data-testid="campaign-form"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="section-campaigns"]').attributes('aria-current')).toBe('page');
  });

  it('opens a customer’s picture from its URL for an agent', async () => {
    session('agent');
    const { wrapper } = await openAt(`/customers/${ids.ioana}`);
    expect(wrapper.get('[data-testid="customer-picture"]').attributes('data-customer-id')).toBe(ids.ioana);
  });

  it('clicking tabs pushes URLs and back returns to the previous screen', async () => {
    session('admin');
    const { wrapper, router } = await openAt('/floor');
    await wrapper.get('[data-testid="section-users"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/admin/users');
    expect(wrapper.find('[data-testid="users-view"]').exists()).toBe(true);
    await wrapper.get('[data-testid="section-audit"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="audit-view"]').exists()).toBe(true);

    router.back();
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/admin/users');
    expect(wrapper.find('[data-testid="users-view"]').exists()).toBe(true);
  });

  it('an agent’s open customer follows the URL: back closes it to the waiting console', async () => {
    session('agent');
    const { wrapper, router } = await openAt('/console');
    expect(wrapper.find('[data-testid="waiting"]').exists()).toBe(true);
    const { useWorkspaceStore } = await import('@/agent/workspace.store');
    useWorkspaceStore().showCustomer(ids.ioana);
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/customers/${ids.ioana}`);
    expect(wrapper.find('[data-testid="customer-picture"]').exists()).toBe(true);

    router.back();
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/console');
    expect(wrapper.find('[data-testid="waiting"]').exists()).toBe(true);
  });
});

describe('interaction tabs', () => {
  it('each live interaction has a URL: a pop opens it, tabs push it, back returns to the previous tab', async () => {
    session('agent');
    const { wrapper, router } = await openAt('/console');
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.call}`);

    // A chat popping during the call only flags its tab; choosing the tab moves the URL.
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.call}`);
    await wrapper.findAll('[data-testid="interaction-tab"]')[1]!.get('button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.chat}`);
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');

    router.back();
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.call}`);
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Ioana Popescu');
  });

  it('a reload on an interaction’s URL shows it once the server re-sends its pop', async () => {
    session('agent');
    const { wrapper, router } = await openAt(`/console/interactions/${ids.chat}`);
    expect(wrapper.find('[data-testid="waiting"]').exists()).toBe(true);
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();
    expect(wrapper.get('[data-testid="pop-customer-name"]').text()).toBe('Andrei Popescu');
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.chat}`);
  });

  it('an interaction URL that never comes back gives way once the agent picks a tab', async () => {
    session('agent');
    const { wrapper, router } = await openAt('/console/interactions/66aa0000000000000000ffff');
    const interactions = useInteractionsStore();
    interactions.receivePop(pop());
    interactions.receivePop(pop({ interactionId: ids.chat, channel: 'chat', from: 'visitor-4411', customer: wire(andreiPicture) }));
    await settle();
    await wrapper.findAll('[data-testid="interaction-tab"]')[1]!.get('button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(`/console/interactions/${ids.chat}`);
  });
});

describe('login and the URL asked for', () => {
  it('not logged in: the login screen remembers the URL and goes there after login', async () => {
    stubApi({
      'GET /api/campaigns': () => [],
      'POST /api/auth/login': () => ({ token: 'tok-admin', user: { id: 'u1', username: 'admin', role: 'admin', displayName: 'Ada Admin' } }),
    });
    const { wrapper, router } = await openAt('/admin/audit');
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/admin/audit');
    await wrapper.get('[data-testid="login-username"]').setValue('admin');
    await wrapper.get('[data-testid="login-password"]').setValue('demo');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/admin/audit');
    expect(wrapper.find('[data-testid="audit-view"]').exists()).toBe(true);
  });

  it('never follows a redirect off the site', async () => {
    stubApi({ 'POST /api/auth/login': () => ({ token: 'tok-agent', user: { id: 'u1', username: 'agent', role: 'agent' } }) });
    const { wrapper, router } = await openAt('/login?redirect=//evil.example/x');
    await wrapper.get('[data-testid="login-username"]').setValue('agent');
    await wrapper.get('[data-testid="login-password"]').setValue('demo');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/console');
  });

  it('a temporary password must be changed before any other screen', async () => {
    session('supervisor', { mustChangePassword: true });
    const { wrapper, router } = await openAt('/floor');
    expect(router.currentRoute.value.name).toBe('password');
    expect(wrapper.find('[data-testid="password-change-view"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="supervisor-view"]').exists()).toBe(false);
  });

  it('logging out goes to the login screen; an expired session comes back to the same URL', async () => {
    session('admin');
    const { wrapper, router } = await openAt('/admin/audit');
    const { useAuthStore } = await import('@/auth/auth.store');
    useAuthStore().logout('Your session has expired. Please log in again.');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/admin/audit');
    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('expired');
  });
});
