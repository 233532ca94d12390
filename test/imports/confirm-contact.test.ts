// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerPicture } from '@shared/schemas/customer';
import CustomerHeader from '@/customers/CustomerHeader.vue';
import { useCustomersStore } from '@/customers/customers.store';
import { ids, ioanaPicture, wire } from '../client/fixtures';
import { freshPinia, mountWith, settle, stubApi } from '../client/support';

enableAutoUnmount(afterEach);
beforeEach(() => vi.unstubAllGlobals());

const withFreshness = (freshness: { stale: boolean; contactConfirmedAt?: string }) => {
  const w = wire(ioanaPicture) as { profile: Record<string, unknown> };
  w.profile.freshness = freshness;
  return w;
};

describe('confirming contact details on the pop', () => {
  it('asks the agent to confirm stale details, and stops asking once confirmed on this call', async () => {
    const confirmed = withFreshness({ stale: false, contactConfirmedAt: new Date().toISOString() });
    const api = stubApi({ 'POST /api/customers/:id/confirm-contact': () => ({ status: 200, body: confirmed }) });
    const pinia = freshPinia();
    const customers = useCustomersStore();
    customers.put(CustomerPicture.parse(withFreshness({ stale: true, contactConfirmedAt: '2024-01-02T00:00:00.000Z' })));
    const wrapper = mountWith(CustomerHeader, pinia, { props: { picture: customers.pictures[ids.ioana]!, interactionId: ids.call } });

    expect(wrapper.get('[data-testid="confirm-contact"]').text()).toContain('not confirmed since');
    await wrapper.get('[data-testid="confirm-contact-button"]').trigger('click');
    await settle();

    expect(api.find('POST', `/api/customers/${ids.ioana}/confirm-contact`)[0].body).toEqual({ interactionId: ids.call });
    expect(customers.pictures[ids.ioana]!.profile.freshness?.stale).toBe(false);
    await wrapper.setProps({ picture: customers.pictures[ids.ioana]! } as never);
    expect(wrapper.find('[data-testid="confirm-contact"]').exists()).toBe(false);
  });

  it('says nothing when the details are fresh', () => {
    const pinia = freshPinia();
    const wrapper = mountWith(CustomerHeader, pinia, { props: { picture: CustomerPicture.parse(withFreshness({ stale: false })) } });
    expect(wrapper.find('[data-testid="confirm-contact"]').exists()).toBe(false);
  });
});
