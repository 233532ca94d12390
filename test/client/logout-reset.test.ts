// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { createPinia, getStores, setActivePinia, type StoreGeneric } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '@/App.vue';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { useAuditStore } from '@/audit/audit.store';
import { useCampaignsStore } from '@/campaigns/campaigns.store';
import { useDialerStore } from '@/campaigns/dialer.store';
import { useChatStore } from '@/chat/chat.store';
import { useCustomersStore } from '@/customers/customers.store';
import { useDuplicatesStore } from '@/duplicates/duplicates.store';
import { useImportsStore } from '@/imports/imports.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useOffersAdminStore } from '@/offers-admin/offers-admin.store';
import { usePresenceStore } from '@/presence/presence.store';
import { usePrivacyStore } from '@/privacy/privacy.store';
import { setSocket } from '@/realtime/client';
import { bindSession } from '@/realtime/session';
import { useNoticeStore } from '@/router/notice.store';
import { useSupervisionStore } from '@/supervision/supervision.store';
import { useUsersStore } from '@/users/users.store';
import { campaignWire } from './campaign-fixtures';
import { ids, ioanaPicture, pop, wire } from './fixtures';
import { feedEvent } from './supervision-fixtures';
import { freshPinia, freshRouter, mountWith, settle, stubApi } from './support';

// bindSession connects a real socket on login; a quiet stand-in keeps the test off the network.
vi.mock('socket.io-client', () => {
  const socket = { on: () => socket, emit: () => socket, connect: () => socket, disconnect: () => socket, removeAllListeners: () => socket, active: false, connected: false, io: { on: () => undefined, removeAllListeners: () => undefined } };
  return { io: () => socket };
});

enableAutoUnmount(afterEach);

/**
 * Every store the app has (every `use…Store` of every `*.store.ts`, so a new feature's store is never
 * forgotten here), created in a pinia of their own: what "initial state" means.
 */
const storeModules = import.meta.glob<Record<string, unknown>>('../../client/**/*.store.ts', { eager: true });
const everyStore = Object.values(storeModules).flatMap((m) =>
  Object.entries(m)
    .filter(([name, value]) => /^use\w+Store$/.test(name) && typeof value === 'function')
    .map(([, value]) => value as () => unknown),
);
function initialStates(): Record<string, unknown> {
  const pinia = createPinia();
  setActivePinia(pinia);
  for (const use of everyStore) use();
  const out = Object.fromEntries(getStores(pinia).map((s) => [s.$id, structuredClone(JSON.parse(JSON.stringify(s.$state)))]));
  return out;
}
const stateOf = (s: StoreGeneric) => JSON.parse(JSON.stringify(s.$state));

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  setSocket(null);
});

describe('logout', () => {
  it('puts every store back to its initial state, including ones no list named (dialer, campaigns)', async () => {
    const initial = initialStates();
    stubApi({
      'POST /api/auth/login': () => ({ token: 'tok-tess', user: { id: 'u9', username: 'tess', role: 'telemarketer', displayName: 'Tess Marketer' } }),
      'POST /api/auth/logout': () => ({}),
      'GET /api/campaigns': () => [campaignWire()],
      [`GET /api/customers/${ids.ioana}/picture`]: () => wire(ioanaPicture),
    });
    const pinia = freshPinia();
    bindSession();
    const router = freshRouter('/console');
    const wrapper = mountWith(App, pinia, { router });
    await router.isReady();
    await wrapper.get('[data-testid="login-username"]').setValue('tess');
    await wrapper.get('[data-testid="login-password"]').setValue('demo');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.name).toBe('console');

    // What one user leaves behind in a tab: a served contact with its picture, a customer open, a
    // live call, the floor's feed, admin lists, a message.
    const dialer = useDialerStore();
    dialer.$patch({ contact: { entryId: 'e1', campaignId: 'c1', interactionId: ids.call, customerId: ids.ioana, phone: '+40722123456', reason: 'retry', attempts: 1, lockedUntil: new Date(), picture: ioanaPicture, offers: [] }, notes: 'wants a call back', worked: 3 });
    dialer.answers['q1'] = 'evening';
    useInteractionsStore().receivePop(pop());
    useWorkspaceStore().showCustomer(ids.ioana);
    useCustomersStore().put(ioanaPicture);
    useChatStore().merge(ids.chat, [{ from: 'customer', text: 'hello', at: new Date() }] as never);
    usePresenceStore().opened(ids.ioana);
    useSupervisionStore().receiveFeed([feedEvent(1), feedEvent(2)]);
    useUsersStore().$patch({ issued: { username: 'x', password: 'temporary' } });
    useAuditStore().filters.actor = 'tess';
    useDuplicatesStore().$patch({ error: 'boom' });
    useOffersAdminStore().$patch({ saved: 'OFFER1' });
    useNoticeStore().show('a message');
    usePrivacyStore().$patch({ error: 'no' });
    useImportsStore().$patch({ error: 'bad file' });
    await settle();
    expect(useCampaignsStore().items.length).toBe(1);

    const filled = ['dialer', 'interactions', 'workspace', 'customers', 'chat', 'presence', 'supervision', 'users', 'audit', 'duplicates', 'offers-admin', 'notice', 'privacy', 'imports', 'campaigns'];
    for (const store of getStores(pinia).filter((s) => filled.includes(s.$id))) expect(stateOf(store), store.$id).not.toEqual(initial[store.$id]);

    await wrapper.get('[data-testid="logout"]').trigger('click');
    await settle();

    expect(router.currentRoute.value.name).toBe('login');
    // Every store the session touched (at least the ones filled above) is checked below.
    expect(getStores(pinia).map((st) => st.$id)).toEqual(expect.arrayContaining(filled));
    for (const store of getStores(pinia)) {
      if (store.$id === 'auth' || store.$id === 'connection') continue;
      expect(stateOf(store), store.$id).toEqual(initial[store.$id]);
    }
    // Nothing of the last user's is on the login screen, and none of it comes back on the next login.
    expect(wrapper.text()).not.toContain('Ioana');
  });

  it('$reset restores keys a store’s own reset forgets', () => {
    const pinia = freshPinia();
    const campaigns = useCampaignsStore();
    campaigns.$patch({ items: [campaignWire()] as never, error: 'x', saving: true });
    campaigns.$reset();
    expect(stateOf(campaigns)).toEqual({ items: [], loading: false, saving: false, error: null });
    expect(getStores(pinia).length).toBeGreaterThan(0);
  });
});
