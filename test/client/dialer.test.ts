// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '@shared/schemas/campaign';
import DialerView from '@/campaigns/DialerView.vue';
import { useAuthStore } from '@/auth/auth.store';
import { useCampaignsStore } from '@/campaigns/campaigns.store';
import { ids, ioanaPicture, wire } from './fixtures';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const CAMPAIGN_ID = '65f1a2b3c4d5e6f708192c01';
const progress = (over: Partial<Campaign['progress']> = {}) => ({ total: 40, attempted: 10, reached: 6, converted: 2, remaining: 30, callbacks: 1, byDisposition: {}, excluded: {}, ...over });
const campaign = {
  id: CAMPAIGN_ID,
  name: 'Washing machine trade-in',
  status: 'active',
  offerCodes: ['RPL-WM'],
  script: {
    opening: 'Hello, this is {agent} from the appliance store.',
    questions: [
      { id: 'contact-time', text: 'When may we call?', kind: 'choice', options: ['morning', 'evening'], storesAs: 'contactTime' },
      { id: 'machine', text: 'How is your machine?', kind: 'text', storesAs: 'attitude' },
    ],
    closing: 'Thank you.',
  },
  segment: {},
  startsAt: '2026-11-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  callingHours: { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5, 6] },
  maxAttempts: 3,
  retryMinutes: 240,
  onePerHousehold: true,
  progress: progress(),
};
const contact = {
  entryId: '65f1a2b3c4d5e6f708192d01',
  campaignId: CAMPAIGN_ID,
  interactionId: '65f1a2b3c4d5e6f708192e01',
  customerId: ids.ioana,
  phone: '+40722123456',
  reason: 'retry',
  attempts: 1,
  lockedUntil: '2026-11-24T10:30:00.000Z',
  picture: wire(ioanaPicture),
  offers: [
    {
      offerId: 'RPL-WM',
      title: 'Trade in your washing machine',
      kind: 'replacement',
      purpose: 'marketing',
      consentRule: 'opt-in',
      price: 399,
      priceKind: 'amount',
      score: 1,
      reasons: [{ code: 'campaign', campaign: 'Washing machine trade-in' }],
    },
  ],
};

beforeEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

function mountDialer(routes: Parameters<typeof stubApi>[0]) {
  const api = stubApi({ 'GET /api/campaigns': () => [campaign], ...routes });
  const pinia = freshPinia();
  useAuthStore().$patch({ user: { id: 'u9', username: 'telemarketer', role: 'telemarketer', displayName: 'Tess Marketer' } } as never);
  return { api, wrapper: mountWith(DialerView, pinia) };
}

describe('dialer', () => {
  it('picks the active campaign, serves the next contact with script, offer and picture', async () => {
    const { wrapper } = mountDialer({ 'POST /api/campaigns/:id/next': () => ({ status: 200, body: { contact } }) });
    await settle();
    expect(wrapper.get('[data-testid="progress-remaining"]').text()).toBe('30');
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="dialer-contact-name"]').text()).toBe(ioanaPicture.profile.displayName);
    expect(wrapper.get('[data-testid="serve-reason"]').text()).toContain('Retry · attempt 2');
    expect(wrapper.get('[data-testid="script-opening"]').text()).toBe('Hello, this is Tess Marketer from the appliance store.');
    expect(wrapper.get('[data-testid="campaign-offers"]').text()).toContain('Trade in your washing machine');
    expect(wrapper.find('[data-testid="customer-picture"]').exists()).toBe(true);
    // The campaign cannot be switched with a contact in hand.
    expect((wrapper.get('[data-testid="campaign-select"]').element as HTMLSelectElement).disabled).toBe(true);
  });

  it('records the outcome with the answers and notes, and updates the progress', async () => {
    const { api, wrapper } = mountDialer({
      'POST /api/campaigns/:id/next': () => ({ status: 200, body: { contact } }),
      'POST /api/campaigns/:id/contacts/:entryId/disposition': () => ({ status: 200, body: { entryId: contact.entryId, next: 'done', progress: progress({ converted: 3, remaining: 29 }) } }),
    });
    await settle();
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="answer-contact-time-evening"]').trigger('click');
    await wrapper.get('[data-testid="answer-machine"]').setValue('getting noisy');
    await wrapper.get('[data-testid="dialer-notes"]').setValue('Will order online tonight.');
    await wrapper.get('[data-testid="dispose-sale"]').trigger('click');
    await settle();
    const [call] = api.find('POST', /\/disposition$/);
    expect(call.path).toBe(`/api/campaigns/${CAMPAIGN_ID}/contacts/${contact.entryId}/disposition`);
    expect(call.body).toEqual({ disposition: 'sale', notes: 'Will order online tonight.', answers: { 'contact-time': 'evening', machine: 'getting noisy' }, offerCode: 'RPL-WM' });
    expect(wrapper.get('[data-testid="dialer-last"]').text()).toContain('Sale — done');
    expect(wrapper.get('[data-testid="progress-converted"]').text()).toBe('3');
    expect(wrapper.get('[data-testid="progress-mine"]').text()).toBe('1');
    expect(wrapper.find('[data-testid="dialer-contact"]').exists()).toBe(false);
  });

  it('says why nothing is served and when the list reopens', async () => {
    const { wrapper } = mountDialer({
      'POST /api/campaigns/:id/next': () => ({ status: 200, body: { contact: null, message: 'Outside calling hours for every contact on this list.', nextAt: '2026-11-25T09:00:00.000Z' } }),
    });
    await settle();
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="dialer-message"]').text()).toMatch(/Outside calling hours.*Next callable:/);
  });

  it('keeps the contact and shows the server’s reason when a callback is refused', async () => {
    const { wrapper } = mountDialer({
      'POST /api/campaigns/:id/next': () => ({ status: 200, body: { contact } }),
      'POST /api/campaigns/:id/contacts/:entryId/disposition': () => ({ status: 400, body: { error: { code: 'BAD_REQUEST', message: "the callback is outside calling hours in the customer's time zone (Europe/Bucharest)" } } }),
    });
    await settle();
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="callback-at"]').setValue('2030-01-01T23:00');
    await wrapper.get('form.disposition__callback').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="dialer-error"]').text()).toContain('outside calling hours');
    expect(wrapper.find('[data-testid="dialer-contact"]').exists()).toBe(true);
  });

  it('follows live progress pushed for the campaign', async () => {
    const { wrapper } = mountDialer({});
    await settle();
    useCampaignsStore().apply({ ...(campaign as unknown as Campaign), progress: progress({ remaining: 12 }) });
    await settle();
    expect(wrapper.get('[data-testid="progress-remaining"]').text()).toBe('12');
  });
});
