// @vitest-environment happy-dom
import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Campaign, CampaignCreate, type SegmentPreview } from '@shared/schemas/campaign';
import CampaignForm from '@/campaigns/CampaignForm.vue';
import DialerView from '@/campaigns/DialerView.vue';
import SegmentBuilder from '@/campaigns/SegmentBuilder.vue';
import { useAuthStore } from '@/auth/auth.store';
import { PREVIEW_DEBOUNCE_MS } from '@/campaigns/use-segment-preview';
import { applyLocale } from '@/i18n';
import { campaignWire, offerWire } from './campaign-fixtures';
import { ids, ioanaPicture, wire } from './fixtures';
import { freshPinia, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);

const CAMPAIGN_ID = '65f1a2b3c4d5e6f708192c01';
const progress = { total: 40, attempted: 10, reached: 6, converted: 2, remaining: 30, callbacks: 1, byDisposition: {}, excluded: {} };

/** A campaign whose admin gave its script and one outcome name in Persian (the closing only in Hungarian). */
const campaign = {
  id: CAMPAIGN_ID,
  name: 'Washing machine trade-in',
  status: 'active',
  offerCodes: [],
  script: {
    opening: 'Hello, this is {agent} from the appliance store.',
    openingTranslations: { fa: 'سلام، {agent} هستم از فروشگاه لوازم خانگی.' },
    questions: [
      {
        id: 'contact-time',
        text: 'When may we call?',
        textTranslations: { fa: 'چه زمانی می‌توانیم با شما تماس بگیریم؟' },
        kind: 'choice',
        options: ['morning', 'evening'],
        optionTranslations: [{ fa: 'صبح' }, { fa: 'عصر' }],
        storesAs: 'contactTime',
      },
      { id: 'machine', text: 'How is your machine?', kind: 'text', storesAs: 'attitude' },
    ],
    closing: 'Thank you.',
    closingTranslations: { hu: 'Köszönjük.' },
  },
  dispositionLabels: { 'not-interested': { fa: 'فعلاً نیازی ندارند' } },
  segment: {},
  startsAt: '2026-11-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  callingHours: { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5, 6] },
  maxAttempts: 3,
  retryMinutes: 240,
  onePerHousehold: true,
  progress,
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
  offers: [],
};

beforeEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

function mountDialer(routes: Parameters<typeof stubApi>[0]) {
  const api = stubApi({ 'GET /api/campaigns': () => [campaign], ...routes });
  const pinia = freshPinia();
  useAuthStore().$patch({ user: { id: 'u9', username: 'telemarketer', role: 'telemarketer', displayName: 'Tess Marketer' } } as never);
  return { api, wrapper: mountWith(DialerView, pinia) };
}
const text = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text();

describe('the dialer in Persian', () => {
  it('reads the script and outcomes in Persian, the admin’s words first, the default text where none was given', async () => {
    applyLocale('fa');
    expect(document.documentElement.dir).toBe('rtl');
    const { api, wrapper } = mountDialer({
      'POST /api/campaigns/:id/next': () => ({ status: 200, body: { contact } }),
      'POST /api/campaigns/:id/contacts/:entryId/disposition': () => ({ status: 200, body: { entryId: contact.entryId, next: 'retry', dueAt: '2026-11-24T14:30:00.000Z', progress: { ...progress, remaining: 29 } } }),
    });
    await settle();
    // Figures in Persian digits, the console's own words in Persian.
    expect(text(wrapper, 'progress-remaining')).toBe('۳۰');
    expect(text(wrapper, 'next-contact')).toBe('مخاطب بعدی');
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();

    expect(text(wrapper, 'serve-reason')).toBe('تلاش دوباره · تلاش شمارهٔ ۲');
    // The customer's name reads in its own direction; the phone number always left to right.
    expect(wrapper.get('[data-testid="dialer-contact-name"]').attributes('dir')).toBe('auto');
    expect(wrapper.get('[data-testid="dialer-phone"]').attributes('dir')).toBe('ltr');

    // The admin's Persian script, with the agent's name filled in.
    expect(text(wrapper, 'script-opening')).toBe('سلام، Tess Marketer هستم از فروشگاه لوازم خانگی.');
    expect(wrapper.get('[data-testid="script-opening"]').attributes('dir')).toBe('auto');
    const question = wrapper.get('[data-testid="script-question-contact-time"]');
    expect(question.get('.field__label').text()).toBe('چه زمانی می‌توانیم با شما تماس بگیریم؟');
    expect(text(wrapper, 'answer-contact-time-evening')).toBe('عصر');
    expect(question.text()).toContain('ذخیره در پروندهٔ مشتری به‌عنوان: زمان ترجیحی تماس');
    // A question and a closing without a Persian text fall back to their default text.
    expect(wrapper.get('[data-testid="script-question-machine"]').get('.field__label').text()).toBe('How is your machine?');
    expect(text(wrapper, 'script-closing')).toBe('Thank you.');

    // Outcomes: the admin's Persian name where given, the console's Persian name otherwise.
    expect(wrapper.get('[data-testid="disposition"] .panel__title').text()).toBe('نتیجهٔ تماس');
    expect(text(wrapper, 'dispose-not-interested')).toBe('فعلاً نیازی ندارند');
    expect(text(wrapper, 'dispose-busy')).toBe('مشغول');
    expect(text(wrapper, 'dispose-callback')).toBe('ثبت تماس مجدد');
    expect(wrapper.get('[data-testid="dialer-notes"]').attributes('placeholder')).toBe('یادداشت‌های تماس…');

    // The answer read in Persian is stored as the option itself.
    await wrapper.get('[data-testid="answer-contact-time-evening"]').trigger('click');
    await wrapper.get('[data-testid="dispose-not-interested"]').trigger('click');
    await settle();
    const [call] = api.find('POST', /\/disposition$/);
    expect(call!.body).toEqual({ disposition: 'not-interested', answers: { 'contact-time': 'evening' } });
    const last = text(wrapper, 'dialer-last');
    expect(last).toContain('فعلاً نیازی ندارند — دوباره تماس گرفته می‌شود');
    expect(last).toMatch(/[۰-۹]/);
  });

  it('says why nobody is served in Chinese, from the server’s reason code', async () => {
    applyLocale('zh-CN');
    const { wrapper } = mountDialer({
      'POST /api/campaigns/:id/next': () => ({
        status: 200,
        body: { contact: null, reason: 'outside-hours', message: 'Outside calling hours for every contact on this list.', nextAt: '2026-11-25T09:00:00.000Z' },
      }),
    });
    await settle();
    await wrapper.get('[data-testid="next-contact"]').trigger('click');
    await settle();
    const message = text(wrapper, 'dialer-message');
    expect(message).toContain('当前不在此名单任何联系人的呼叫时段内。');
    expect(message).toContain('下次可呼叫时间：');
    expect(message).not.toContain('Outside');
    expect(text(wrapper, 'dialer-campaign')).toContain('呼叫时段 09:00–20:00，周一、周二、周三、周四、周五、周六（客户当地时间）');
  });
});

describe('the segment builder in Romanian and Chinese', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const elapse = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
  };

  it('counts in Romanian with its three plural forms', async () => {
    applyLocale('ro');
    let answer: SegmentPreview = { matched: 21, eligible: 2, excluded: { 'opted-out': 1, household: 18 }, sample: [{ id: 'c1', displayName: 'Ioana Popescu' }, { id: 'c2', displayName: 'Ștefan Ionescu' }] };
    stubApi({ 'POST /api/campaigns/preview': () => answer });
    const wrapper = mountWith(SegmentBuilder, freshPinia(), { props: { modelValue: {}, onePerHousehold: true } });
    await elapse(PREVIEW_DEBOUNCE_MS);

    expect(wrapper.get('#seg-title').text()).toBe('Pe cine sunăm');
    expect(wrapper.get('[data-testid="seg-kind"]').text()).toContain('Persoane fizice și firme');
    expect(wrapper.text()).toContain('Un singur contact pe gospodărie');
    expect(wrapper.get('[data-testid="seg-segment-champions"]').element.parentElement!.textContent).toContain('Campion');
    const labels = () => wrapper.findAll('.seg-count__figure').map((f) => `${f.get('.seg-count__n').text()} ${f.get('.seg-count__label').text()}`);
    // Romanian's three forms: 1 is "one", 2 to 19 (and 0) "few", 20 and over take "de" ("other").
    expect(labels()).toEqual(['21 de clienți corespund segmentului', '2 vor fi sunați', '19 excluși']);
    const reasons = wrapper.findAll('[data-testid="preview-reason"]').map((r) => r.text());
    expect(reasons).toEqual(['18 un alt membru al gospodăriei este deja pe listă', '1 a refuzat marketingul telefonic']);
    expect(text(wrapper, 'preview-sample')).toBe('De exemplu: Ioana Popescu, Ștefan Ionescu');

    answer = { matched: 1, eligible: 1, excluded: {}, sample: [] };
    await wrapper.get('[data-testid="seg-regions"]').setValue('Cluj');
    await elapse(PREVIEW_DEBOUNCE_MS);
    expect(labels()).toEqual(['1 client corespunde segmentului', '1 va fi sunat', '0 excluși']);
    answer = { matched: 5, eligible: 120, excluded: { 'no-phone': 1 }, sample: [] };
    await wrapper.get('[data-testid="seg-regions"]').setValue('Cluj, Iași');
    await elapse(PREVIEW_DEBOUNCE_MS);
    expect(labels()).toEqual(['5 clienți corespund segmentului', '120 vor fi sunați', '1 exclus']);
  });

  it('speaks Chinese, with Chinese commas splitting a typed list', async () => {
    applyLocale('zh-CN');
    const api = stubApi({ 'POST /api/campaigns/preview': () => ({ matched: 2000, eligible: 1500, excluded: { 'opted-out': 500 }, sample: [] }) });
    const wrapper = mountWith(SegmentBuilder, freshPinia(), { props: { modelValue: {}, onePerHousehold: true } });
    await elapse(PREVIEW_DEBOUNCE_MS);
    expect(wrapper.get('#seg-title').text()).toBe('呼叫对象');
    expect(wrapper.findAll('.seg-count__figure').map((f) => f.text())).toEqual(['2,000位客户符合细分条件', '1,500位将被呼叫', '500位被排除']);
    expect(text(wrapper, 'preview-reason')).toBe('已退订电话营销：500 位');
    await wrapper.get('[data-testid="seg-regions"]').setValue('华东，华南');
    await elapse(PREVIEW_DEBOUNCE_MS);
    const bodies = api.find('POST', '/api/campaigns/preview').map((c) => c.body as { segment: { regions?: string[] } });
    expect(bodies.at(-1)!.segment.regions).toEqual(['华东', '华南']);
  });
});

describe('the campaign form’s translations', () => {
  const offers = [offerWire('TABLETS', 'Tablets subscription')];

  it('sends the script and outcome names typed in other languages, and names problems in Persian', async () => {
    applyLocale('fa');
    const api = stubApi({
      'GET /api/offers': () => offers,
      'POST /api/campaigns/preview': () => ({ matched: 1, eligible: 1, excluded: {}, sample: [] }),
      'POST /api/campaigns': (c: ApiCall) => campaignWire({ ...(c.body as object), status: 'building', build: { processed: 0, total: 0 } }) as Campaign,
    });
    const wrapper = mountWith(CampaignForm, freshPinia());
    await settle();

    // Blank fields are named in Persian before anything is sent.
    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    expect(wrapper.findAll('[data-testid="campaign-problems"] li').map((li) => li.text())).toEqual(['نام الزامی است', 'جملهٔ آغازین الزامی است']);

    await wrapper.get('[data-testid="campaign-name"]').setValue('Winter coffee');
    await wrapper.get('[data-testid="campaign-opening"]').setValue('Hello from the coffee club.');
    await wrapper.get('[data-testid="campaign-opening-tr-fa"]').setValue('سلام از باشگاه قهوه.');
    await wrapper.get('[data-testid="campaign-opening-tr-ro"]').setValue('   ');
    // The opening's disclosure counts the languages given, in the user's language and digits.
    expect(wrapper.get('[data-testid="campaign-opening-tr"] summary').text()).toBe('ترجمه‌ها (۱ زبان)');
    const openingFa = wrapper.get('[data-testid="campaign-opening-tr-fa"]');
    expect(openingFa.attributes('lang')).toBe('fa');
    expect(openingFa.attributes('dir')).toBe('rtl');
    expect(openingFa.attributes('aria-label')).toBe('جملهٔ آغازین به فارسی');
    expect(wrapper.get('[data-testid="campaign-opening-tr-zh-CN"]').attributes('dir')).toBe('ltr');

    await wrapper.get('[data-testid="question-add"]').trigger('click');
    await wrapper.get('[data-testid="question-text"]').setValue('When should we call?');
    await wrapper.get('[data-testid="question-options"]').setValue('morning, evening');
    await wrapper.get('[data-testid="question-stores-as"]').setValue('contactTime');
    await wrapper.get('[data-testid="question-text-tr-0-fa"]').setValue('چه زمانی تماس بگیریم؟');
    // A Persian list typed with the Persian comma, and one Romanian option left blank.
    await wrapper.get('[data-testid="question-options-tr-0-fa"]').setValue('صبح، عصر');
    await wrapper.get('[data-testid="question-options-tr-0-ro"]').setValue(', seara');
    await wrapper.get('[data-testid="campaign-outcome-not-interested-fa"]').setValue('فعلاً نیازی ندارند');
    await wrapper.get('[data-testid="campaign-outcome-sale-en"]').setValue('Order placed');
    // A blank outcome name shows what stands in for it: the console's own name in that language.
    expect(wrapper.get('[data-testid="campaign-outcome-busy-ro"]').attributes('placeholder')).toBe('Ocupat');

    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    const [sent] = api.find('POST', '/api/campaigns').map((c) => c.body as Record<string, unknown>);
    expect(CampaignCreate.safeParse(sent).success).toBe(true);
    expect(sent).toMatchObject({
      script: {
        opening: 'Hello from the coffee club.',
        openingTranslations: { fa: 'سلام از باشگاه قهوه.' },
        questions: [
          {
            id: 'q1',
            text: 'When should we call?',
            options: ['morning', 'evening'],
            textTranslations: { fa: 'چه زمانی تماس بگیریم؟' },
            optionTranslations: [{ fa: 'صبح' }, { fa: 'عصر', ro: 'seara' }],
          },
        ],
      },
      dispositionLabels: { 'not-interested': { fa: 'فعلاً نیازی ندارند' }, sale: { en: 'Order placed' } },
    });
    expect((sent!.script as Record<string, unknown>).closingTranslations).toBeUndefined();
  });

  it('names a question’s problem in Romanian, with its number', async () => {
    applyLocale('ro');
    stubApi({ 'GET /api/offers': () => offers, 'POST /api/campaigns/preview': () => ({ matched: 1, eligible: 1, excluded: {}, sample: [] }) });
    const wrapper = mountWith(CampaignForm, freshPinia());
    await settle();
    await wrapper.get('[data-testid="campaign-name"]').setValue('Cafea');
    await wrapper.get('[data-testid="campaign-opening"]').setValue('Bună ziua.');
    await wrapper.get('[data-testid="question-add"]').trigger('click');
    await wrapper.get('[data-testid="campaign-ends"]').setValue('2020-01-01');
    await wrapper.get('[data-testid="campaign-form"]').trigger('submit');
    await settle();
    expect(wrapper.findAll('[data-testid="campaign-problems"] li').map((li) => li.text())).toEqual([
      'Textul întrebării 1: câmp obligatoriu',
      'Data de sfârșit: campania trebuie să se încheie după ce începe',
    ]);
  });
});
