// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentBoardEntry, SupervisionSnapshot } from '@shared/schemas/supervision';
import { applyLocale } from '@/i18n';
import OfferForm from '@/offers-admin/OfferForm.vue';
import { setSocket } from '@/realtime/client';
import { registerListeners } from '@/realtime/socket';
import SupervisorView from '@/supervision/SupervisorView.vue';
import { wire } from './fixtures';
import { feedEvent, snapshot } from './supervision-fixtures';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

/** Latin digits: a Persian supervisor's board shows none in its figures. */
const LATIN_DIGIT = /[0-9]/;

const outbound: AgentBoardEntry = { userId: 'u-tm', username: 'tm', displayName: 'سارا احمدی', team: 'outbound', state: 'outbound', since: new Date(Date.now() - 65_000), voice: 1, chats: 0 };
const snap: SupervisionSnapshot = { ...snapshot, agents: [...snapshot.agents, outbound] };

async function floorIn(locale: 'fa' | 'zh-CN') {
  // The supervisor chose the language: the console speaks it from the first render.
  sessionStorage.setItem('agent-console.session', JSON.stringify({ token: 'tok-supervisor', user: { id: 'u1', username: 'supervisor', role: 'supervisor', displayName: 'Dana Pop', language: locale } }));
  const pinia = freshPinia();
  const fake = fakeSocket(undefined, { 'supervision:subscribe': () => ({ data: wire(snap) }) });
  setSocket(fake.socket);
  registerListeners(fake.socket);
  const wrapper = mountWith(SupervisorView, pinia);
  fake.serverSends('connect');
  await settle();
  return { ...fake, wrapper };
}

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
  stubApi({ 'GET /api/campaigns': () => [] });
  setSocket(null);
});

describe('the floor in Persian', () => {
  it('reads right to left with Persian words and digits on the agents board, queues and feed', async () => {
    const { wrapper, serverSends } = await floorIn('fa');
    expect(document.documentElement.dir).toBe('rtl');
    expect(wrapper.text()).toContain('کارشناسان');
    expect(wrapper.text()).toContain('رویدادهای زنده');

    // The agents board: the board's own outbound state, durations and counts in Persian digits, names isolated.
    const tm = wrapper.get('[data-username="tm"]');
    expect(tm.get('[data-testid="agent-state"]').text()).toBe('تماس خروجی');
    expect(tm.text()).toMatch(/۰۱:۰[۵-۹]/);
    expect(tm.get('th bdi').text()).toBe('سارا احمدی');
    const first = wrapper.get('[data-username="agent"]');
    expect(first.text()).toMatch(/۰۲:۰[۰-۹]/);
    expect(first.get('[data-testid="agent-open-customer"]').attributes('title')).toBe('باز کردن پروندهٔ Ioana Popescu');
    expect(wrapper.get('.sv-agents .panel__count').text()).toBe('۳');

    // Queues: shares, waits and counts in Persian digits only.
    const billing = wrapper.get('[data-queue="billing"]');
    expect(billing.text()).toContain('۷۸٪');
    expect(billing.text()).toContain('۰۴:۰۵');
    expect(billing.text()).toContain('یک ساعت اخیر');
    expect(billing.text()).not.toMatch(LATIN_DIGIT);
    // Each queue's own service level under its name, in Persian digits.
    expect(wrapper.text()).toContain('≤۲۰ ث · ۸۰٪');

    // The feed: translated kinds and outcomes; the caller's number stays left to right.
    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows[0]!.text()).toContain('پاسخ داده شد');
    expect(rows[1]!.text()).toContain('در صف');
    expect(rows[2]!.text()).toContain('پیشنهاد پذیرفته شد');
    expect(rows[2]!.get('[data-testid="feed-complaint"]').text()).toBe('شکایت');
    expect(rows[1]!.get('bdi[dir="ltr"]').text()).toBe('+40 721 555 014');
    expect(rows[0]!.find('td').text()).not.toMatch(LATIN_DIGIT);

    await wrapper.get('[data-testid="feed-pause"]').trigger('click');
    expect(wrapper.get('[data-testid="feed-pause"]').text()).toBe('▶ ادامه');
    serverSends('feed:batch', wire([feedEvent(7), feedEvent(8)]));
    await settle();
    expect(wrapper.get('[data-testid="feed-new-count"]').text()).toBe('۲ رویداد جدید');
  });

  it('switches the floor to another language without a reload', async () => {
    const { wrapper } = await floorIn('fa');
    expect(wrapper.text()).toContain('صف‌ها');
    applyLocale('hu');
    await settle();
    expect(wrapper.text()).toContain('Várólisták');
    expect(wrapper.get('[data-queue="billing"]').text()).toContain('78%');
    expect(wrapper.get('[data-username="tm"] [data-testid="agent-state"]').text()).toBe('Kimenő hívás');
  });
});

describe('the floor in Simplified Chinese', () => {
  it('names the board, feed and queues in Chinese contact-centre terms', async () => {
    const { wrapper, serverSends } = await floorIn('zh-CN');
    expect(document.documentElement.dir).toBe('ltr');
    expect(wrapper.text()).toContain('坐席');
    expect(wrapper.text()).toContain('实时动态');
    expect(wrapper.text()).toContain('≤20秒 · 80%');
    expect(wrapper.get('[data-username="tm"] [data-testid="agent-state"]').text()).toBe('外呼通话中');
    expect(wrapper.get('[data-queue="billing"]').text()).toContain('最近一小时');
    expect(wrapper.get('[data-queue="billing"]').text()).toContain('78%');

    const rows = wrapper.findAll('[data-testid="feed-row"]');
    expect(rows[0]!.text()).toContain('已接听');
    expect(rows[2]!.text()).toContain('推荐已接受');
    expect(rows[2]!.text()).toContain('投诉');

    await wrapper.get('[data-testid="feed-pause"]').trigger('click');
    serverSends('feed:batch', wire([feedEvent(7), feedEvent(8), feedEvent(9)]));
    await settle();
    expect(wrapper.get('[data-testid="feed-new-count"]').text()).toBe('3 条新事件');
    expect((wrapper.get('[data-testid="filter-channel"]').element as HTMLSelectElement).options[2]!.text).toBe('在线会话');
  });
});

describe('offer titles per language', () => {
  it('edits the title in each other language in a Translations disclosure and sends only those given', async () => {
    applyLocale('ro');
    const offer = {
      id: 'o1',
      code: 'CARE-PLAN',
      title: 'Extended care plan',
      titleTranslations: { fa: 'طرح مراقبت' },
      kind: 'up-sell',
      price: 49,
      priceKind: 'amount',
      purpose: 'marketing',
      channel: 'phone',
      consentRule: 'opt-in',
      active: true,
      suppressDays: 90,
      quoteDays: 14,
      eligibility: {},
    } as const;
    const wrapper = mount(OfferForm, { props: { offer } });
    const details = wrapper.get('[data-testid="offer-title-tr"]');
    expect((details.element as HTMLDetailsElement).open).toBe(true);
    expect(details.get('summary').text()).toContain('Traduceri');
    expect(details.get('summary').text()).toContain('1 limbă');
    const fa = wrapper.get('[data-testid="offer-title-tr-fa"]');
    expect((fa.element as HTMLInputElement).value).toBe('طرح مراقبت');
    expect(fa.attributes('dir')).toBe('rtl');
    expect(fa.attributes('lang')).toBe('fa');
    expect(wrapper.find('[data-testid="offer-title-tr-en"]').exists()).toBe(false);

    await wrapper.get('[data-testid="offer-title-tr-zh-CN"]').setValue('  延长保修计划 ');
    await wrapper.get('[data-testid="offer-title-tr-fa"]').setValue('');
    expect(details.get('summary').text()).toContain('1 limbă');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('save')![0]![0]).toMatchObject({ title: 'Extended care plan', titleTranslations: { 'zh-CN': '延长保修计划' } });

    await wrapper.get('[data-testid="offer-title-tr-zh-CN"]').setValue('');
    await wrapper.get('form').trigger('submit');
    expect((wrapper.emitted('save')![1]![0] as { titleTranslations?: unknown }).titleTranslations).toBeUndefined();
  });

  it('says what the schema refused in the admin’s language', async () => {
    applyLocale('hu');
    const wrapper = mount(OfferForm);
    await wrapper.get('[data-testid="offer-code"]').setValue('NEW-OFFER');
    await wrapper.get('[data-testid="offer-title"]').setValue('Free descaler');
    await wrapper.get('[data-testid="offer-price-input"]').setValue(0);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-testid="offer-form-errors"]').text()).toBe('Ár: az összeg 0-nál nagyobb (ha nincs mit fizetni, válassza az ingyeneset)');
    expect(wrapper.emitted('save')).toBeUndefined();
  });
});
