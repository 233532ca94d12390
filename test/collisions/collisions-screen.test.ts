// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '@/auth/auth.store';
import CustomerPictureView from '@/customers/CustomerPictureView.vue';
import PreferencesPanel from '@/customers/PreferencesPanel.vue';
import { useCustomersStore } from '@/customers/customers.store';
import ConnectionBanner from '@/realtime/ConnectionBanner.vue';
import { setSocket } from '@/realtime/client';
import { registerListeners } from '@/realtime/socket';
import { ids, ioanaPicture, wire } from '../client/fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from '../client/support';

enableAutoUnmount(afterEach);
afterEach(() => setSocket(null));

describe('a stale preferences save', () => {
  it('shows what the customer has now and reapplies the change on the current version', async () => {
    const v = ioanaPicture.profile.version;
    const now = wire(ioanaPicture) as { profile: { version: number }; preferences: { language?: string } };
    now.profile.version = v + 1;
    now.preferences.language = 'hu';
    let first = true;
    const api = stubApi({
      'PATCH /api/customers/:id/preferences': () => {
        if (!first) return now;
        first = false;
        return { status: 409, body: { error: { code: 'CONFLICT', message: 'changed meanwhile', details: { version: v + 1, current: { preferences: { language: 'hu' }, consents: [], doNotCall: true } } } } };
      },
      'GET /api/customers/:id/picture': () => now,
    });
    const pinia = freshPinia();
    const customers = useCustomersStore();
    customers.put(ioanaPicture);
    const wrapper = mountWith(PreferencesPanel, pinia, { props: { picture: customers.pictures[ids.ioana]! } });

    await wrapper.get('[data-testid="pref-time"]').setValue('morning');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(api.calls[0]!.body).toMatchObject({ preferences: { contactTime: 'morning' }, expectedVersion: v });
    const conflict = wrapper.get('[data-testid="pref-conflict"]');
    expect(conflict.text()).toContain('language: hu');
    expect(conflict.text()).toContain('Do not call: yes');

    await wrapper.get('[data-testid="pref-reapply"]').trigger('click');
    await settle(10);
    const patches = api.find('PATCH', `/api/customers/${ids.ioana}/preferences`);
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toMatchObject({ preferences: { contactTime: 'morning' }, expectedVersion: v + 1 });
    expect(wrapper.find('[data-testid="pref-conflict"]').exists()).toBe(false);
  });
});

describe('presence and reconnects on the picture', () => {
  it('announces the open picture, shows who else has it open, and refetches it after a reconnect', async () => {
    const api = stubApi({ 'GET /api/customers/:id/picture': () => wire(ioanaPicture) });
    const pinia = freshPinia();
    useAuthStore().user = { id: 'me', username: 'elena', role: 'agent' };
    const fake = fakeSocket();
    setSocket(fake.socket);
    registerListeners(fake.socket);
    fake.serverSends('connect');
    const wrapper = mountWith(CustomerPictureView, pinia, { props: { picture: ioanaPicture } });
    const banner = mountWith(ConnectionBanner, pinia);
    await settle();
    expect(fake.emitted).toContainEqual({ event: 'customer:viewing', payload: { customerId: ids.ioana } });
    expect(wrapper.find('[data-testid="also-viewing"]').exists()).toBe(false);

    fake.serverSends('presence:changed', { customerId: ids.ioana, viewers: [{ userId: 'me', username: 'elena' }, { userId: 'u2', username: 'Priya' }] });
    await settle();
    expect(wrapper.get('[data-testid="also-viewing"]').text()).toBe('Also viewing: Priya');

    // The network drops: the banner says so; on reconnect the picture is refetched and announced again.
    fake.serverSends('disconnect', 'transport close');
    await settle();
    expect(banner.get('[data-testid="connection-banner"]').text()).toContain('reconnecting');
    fake.emitted.length = 0;
    fake.serverSends('connect');
    await settle();
    expect(fake.emitted).toContainEqual({ event: 'customer:viewing', payload: { customerId: ids.ioana } });
    expect(api.find('GET', `/api/customers/${ids.ioana}/picture`)).toHaveLength(1);
    expect(banner.get('[data-testid="connection-banner"]').text()).toContain('caught up');

    wrapper.unmount();
    expect(fake.emitted).toContainEqual({ event: 'customer:left', payload: { customerId: ids.ioana } });
  });
});
