// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CampaignCreate } from '@shared/schemas/campaign';
import CampaignBoard from '@/campaigns/CampaignBoard.vue';
import CampaignForm from '@/campaigns/CampaignForm.vue';
import CampaignsAdminView from '@/campaigns/CampaignsAdminView.vue';
import { useCampaignsStore } from '@/campaigns/campaigns.store';
import { useConnectionStore } from '@/realtime/connection.store';
import { baseProgress, campaignWire, offerWire } from './campaign-fixtures';
import { freshPinia, freshRouter, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);

const preview = { matched: 10, eligible: 8, excluded: { 'no-phone': 2 }, sample: [] };
const offers = [offerWire('TABLETS', 'Tablets subscription'), offerWire('LOYAL-500', 'Loyalty voucher'), offerWire('COFFEE', 'Coffee club'), offerWire('WARRANTY', 'Warranty'), offerWire('OLD', 'Retired offer', false), offerWire('CMP-DISHWASHERS-DISHWASHER-TABLETS', 'Tablets, 10% off')];

beforeEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('campaign form', () => {
  it('sends a valid CampaignCreate built from every field', async () => {
    const api = stubApi({
      'GET /api/offers': () => offers,
      'POST /api/campaigns/preview': () => preview,
      'POST /api/campaigns': (c: ApiCall) => campaignWire({ ...(c.body as object), status: 'building', build: { processed: 0, total: 0 } }),
    });
    const wrapper = mountWith(CampaignForm, freshPinia());
    await settle();

    // Inactive offers are not offered, and a fourth pick is refused.
    expect(wrapper.find('[data-testid="campaign-offer-OLD"]').exists()).toBe(false);
    // Catalogue codes longer than the offer editor allows are still offered.
    expect(wrapper.find('[data-testid="campaign-offer-CMP-DISHWASHERS-DISHWASHER-TABLETS"]').exists()).toBe(true);
    await wrapper.get('[data-testid="campaign-offer-TABLETS"]').setValue(true);
    await wrapper.get('[data-testid="campaign-offer-COFFEE"]').setValue(true);
    await wrapper.get('[data-testid="campaign-offer-WARRANTY"]').setValue(true);
    expect(wrapper.get('[data-testid="campaign-offer-LOYAL-500"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="campaign-offer-WARRANTY"]').setValue(false);

    await wrapper.get('[data-testid="campaign-name"]').setValue('  Winter coffee  ');
    await wrapper.get('[data-testid="campaign-starts"]').setValue('2026-12-01');
    await wrapper.get('[data-testid="campaign-ends"]').setValue('2026-12-24');
    await wrapper.get('[data-testid="campaign-from"]').setValue('10:00');
    await wrapper.get('[data-testid="campaign-to"]').setValue('18:30');
    await wrapper.get('[data-testid="campaign-day-6"]').setValue(true);
    await wrapper.get('[data-testid="campaign-day-1"]').setValue(false);
    await wrapper.get('[data-testid="campaign-max-attempts"]').setValue('4');
    await wrapper.get('[data-testid="campaign-retry-minutes"]').setValue('90');
    await wrapper.get('[data-testid="campaign-opening"]').setValue('Hello from the coffee club.');
    await wrapper.get('[data-testid="campaign-closing"]').setValue('Thank you.');
    await wrapper.get('[data-testid="question-add"]').trigger('click');
    await wrapper.get('[data-testid="question-text"]').setValue('When should we call?');
    await wrapper.get('[data-testid="question-options"]').setValue('morning, evening');
    await wrapper.get('[data-testid="question-stores-as"]').setValue('contactTime');
    await wrapper.get('[data-testid="question-add"]').trigger('click');
    const second = wrapper.findAll('[data-testid="question-row"]')[1]!;
    await second.get('[data-testid="question-text"]').setValue('How likely are you to recommend us?');
    await second.get('[data-testid="question-kind"]').setValue('scale');
    await second.get('[data-testid="question-stores-as"]').setValue('nps');
    await wrapper.get('[data-testid="seg-segment-champions"]').setValue(true);
    await wrapper.get('[data-testid="seg-one-per-household"]').setValue(false);

    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();

    const [sent] = api.find('POST', '/api/campaigns').map((c) => c.body as Record<string, unknown>);
    expect(sent).toBeDefined();
    expect(CampaignCreate.safeParse(sent).success).toBe(true);
    expect(sent).toMatchObject({
      name: 'Winter coffee',
      offerCodes: ['TABLETS', 'COFFEE'],
      callingHours: { from: '10:00', to: '18:30', days: [2, 3, 4, 5, 6] },
      maxAttempts: 4,
      retryMinutes: 90,
      onePerHousehold: false,
      segment: { segments: ['champions'] },
      script: {
        opening: 'Hello from the coffee club.',
        closing: 'Thank you.',
        questions: [
          { id: 'q1', text: 'When should we call?', kind: 'choice', options: ['morning', 'evening'], storesAs: 'contactTime' },
          { id: 'q2', text: 'How likely are you to recommend us?', kind: 'scale', storesAs: 'nps' },
        ],
      },
    });
    // Whole days in the supervisor's own time zone.
    expect(new Date(sent!.startsAt as string).getTime()).toBe(new Date('2026-12-01T00:00:00').getTime());
    expect(new Date(sent!.endsAt as string).getTime()).toBe(new Date('2026-12-24T23:59:59').getTime());
    expect(wrapper.emitted('created')).toHaveLength(1);
  });

  it('names what is missing before sending anything', async () => {
    const api = stubApi({ 'GET /api/offers': () => offers, 'POST /api/campaigns/preview': () => preview });
    const wrapper = mountWith(CampaignForm, freshPinia());
    await settle();
    await wrapper.get('[data-testid="campaign-ends"]').setValue('2020-01-01');
    for (const day of [1, 2, 3, 4, 5]) await wrapper.get(`[data-testid="campaign-day-${day}"]`).setValue(false);
    await wrapper.get('[data-testid="question-add"]').trigger('click');
    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    const problems = wrapper.findAll('[data-testid="campaign-problems"] li').map((li) => li.text());
    expect(problems).toEqual([
      'Name is required',
      'Opening is required',
      'Question 1 text is required',
      'Calling days: pick at least one',
      'Ends on: a campaign must end after it starts',
    ]);
    expect(api.find('POST', '/api/campaigns')).toHaveLength(0);
  });

  it("shows the server's refusal", async () => {
    stubApi({
      'GET /api/offers': () => offers,
      'POST /api/campaigns/preview': () => preview,
      'POST /api/campaigns': () => ({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'unknown offer code(s): TABLETS' } } }),
    });
    const wrapper = mountWith(CampaignForm, freshPinia());
    await settle();
    await wrapper.get('[data-testid="campaign-name"]').setValue('Tablets');
    await wrapper.get('[data-testid="campaign-opening"]').setValue('Hello.');
    await wrapper.get('[data-testid="campaign-offer-TABLETS"]').setValue(true);
    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="campaign-error"]').text()).toBe('unknown offer code(s): TABLETS');
    expect(wrapper.emitted('created')).toBeUndefined();
  });
});

describe('campaigns admin view', () => {
  it('shows each campaign with its progress, build state and reasons left out, and pauses one', async () => {
    const building = campaignWire({ id: '665f1c2e8b3e4a0012000002', name: 'Coffee club', status: 'building', build: { processed: 300, total: 1200 } });
    const api = stubApi({
      'GET /api/campaigns': () => [campaignWire(), building],
      'PATCH /api/campaigns/:id': (c: ApiCall) => campaignWire({ status: (c.body as { status: string }).status }),
    });
    const wrapper = mountWith(CampaignsAdminView, freshPinia());
    await settle();

    const cards = wrapper.findAll('[data-testid="campaign-card"]');
    expect(cards.map((c) => c.attributes('data-status'))).toEqual(['active', 'building']);
    const active = cards[0]!;
    expect(active.get('[data-testid="fig-total"]').text()).toBe('120');
    expect(active.get('[data-testid="fig-reached"]').text()).toBe('40');
    expect(active.get('[data-testid="fig-converted"]').text()).toBe('10 25%');
    expect(active.get('[data-testid="fig-remaining"]').text()).toBe('80');
    expect(active.get('[data-testid="fig-callbacks"]').text()).toBe('3');
    expect(active.get('[data-testid="campaign-dispositions"]').text()).toContain('Not interested 20');
    expect(active.get('[data-testid="campaign-excluded"]').text()).toContain('7 opted out of phone marketing; 4 another member of the household is on the list');
    expect(active.get('[data-testid="campaign-bar"]').attributes('aria-valuenow')).toBe('40');
    expect(cards[1]!.get('[data-testid="campaign-build"]').text()).toContain('300 of 1200');
    expect(cards[1]!.find('[data-testid="campaign-toggle"]').exists()).toBe(false);

    await active.get('[data-testid="campaign-toggle"]').trigger('click');
    await settle();
    expect(api.find('PATCH', '/api/campaigns/665f1c2e8b3e4a0012000001').map((c) => c.body)).toEqual([{ status: 'paused' }]);
    expect(wrapper.findAll('[data-testid="campaign-card"]')[0]!.get('[data-testid="campaign-toggle"]').text()).toBe('Resume');
  });

  it('opens the form from "New campaign" and lists the created campaign', async () => {
    stubApi({
      'GET /api/campaigns': () => [],
      'GET /api/offers': () => offers,
      'POST /api/campaigns/preview': () => preview,
      'POST /api/campaigns': () => campaignWire({ name: 'Fresh', status: 'building', build: { processed: 0, total: 0 } }),
    });
    // The form has its own URL, which only the back office may open.
    sessionStorage.setItem('agent-console.session', JSON.stringify({ token: 'tok-sup', user: { id: 'u1', username: 'supervisor', role: 'supervisor' } }));
    const router = freshRouter('/campaigns');
    const wrapper = mountWith(CampaignsAdminView, freshPinia(), { router });
    await settle();
    await wrapper.get('[data-testid="campaign-new"]').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/new');
    await wrapper.get('[data-testid="campaign-name"]').setValue('Fresh');
    await wrapper.get('[data-testid="campaign-opening"]').setValue('Hello.');
    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    expect(wrapper.find('[data-testid="campaign-form"]').exists()).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/campaigns');
    expect(wrapper.get('[data-testid="campaign-created"]').text()).toContain('Fresh');
    expect(wrapper.get('[data-testid="campaign-card"]').attributes('data-status')).toBe('building');
  });
});

describe('campaign board on the floor', () => {
  it('shows active and paused campaigns and follows pushed progress', async () => {
    stubApi({ 'GET /api/campaigns': () => [campaignWire(), campaignWire({ id: '665f1c2e8b3e4a0012000002', name: 'Still building', status: 'building' })] });
    const pinia = freshPinia();
    const wrapper = mountWith(CampaignBoard, pinia);
    await settle();
    const rows = () => wrapper.findAll('[data-testid="campaign-board-row"]');
    expect(rows().map((r) => r.attributes('data-campaign'))).toEqual(['Dishwasher tablets refill']);
    expect(rows()[0]!.get('[data-testid="campaign-board-worked"]').text()).toBe('40/120');
    expect(rows()[0]!.get('[data-testid="campaign-board-conversion"]').text()).toBe('25%');

    const store = useCampaignsStore();
    const current = store.items[0]!;
    store.apply({ ...current, progress: { ...current.progress, reached: 41, converted: 11, remaining: 79 } });
    await settle();
    expect(rows()[0]!.get('[data-testid="campaign-board-worked"]').text()).toBe('41/120');
    expect(rows()[0]!.get('[data-testid="campaign-board-conversion"]').text()).toBe('27%');
  });
});

describe('campaign lists after a dropped connection', () => {
  it('fetches the campaigns again when the socket comes back, since pushes sent meanwhile are lost', async () => {
    let total = 120;
    const api = stubApi({ 'GET /api/campaigns': () => [campaignWire({ progress: { ...baseProgress, total } })] });
    const wrapper = mountWith(CampaignBoard, freshPinia());
    const connection = useConnectionStore();
    connection.set('connected');
    await settle();
    expect(api.find('GET', '/api/campaigns')).toHaveLength(1);

    connection.set('reconnecting');
    total = 130;
    connection.set('connected');
    await settle();
    expect(api.find('GET', '/api/campaigns')).toHaveLength(2);
    expect(wrapper.get('[data-testid="campaign-board-worked"]').text()).toBe('50/130');
  });
});
