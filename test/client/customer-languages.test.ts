// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerPicture, type NextBestOffer } from '@shared/schemas/customer';
import CustomerHeader from '@/customers/CustomerHeader.vue';
import CustomerTimeline from '@/customers/CustomerTimeline.vue';
import ValuePanel from '@/customers/ValuePanel.vue';
import { applyLocale } from '@/i18n';
import OfferCard from '@/offers/OfferCard.vue';
import { formatReason } from '@/offers/reasons';
import { ioanaPicture, wire } from './fixtures';
import { freshPinia, mountWith } from './support';

enableAutoUnmount(afterEach);

/** Ioana's picture as the server sends it for a customer whose money is in `currency`. */
const pictureIn = (currency: string, over: Record<string, unknown> = {}) =>
  CustomerPicture.parse({
    ...(wire(ioanaPicture) as object),
    currency,
    value: { ...(wire(ioanaPicture.value) as object), lifetimeValue: 1234567 },
    ...over,
  });

const LRM = '\u200e';
/** Intl puts a no-break space between the rial sign and the amount. */
const NBSP = '\u00a0';

describe('the customer picture in Persian', () => {
  it('shows money in the customer\'s currency with Persian digits: rials for an Iranian customer', () => {
    applyLocale('fa');
    const wrapper = mountWith(ValuePanel, freshPinia(), { props: { picture: pictureIn('IRR') } });
    expect(wrapper.get('[data-testid="value-ltv"]').text()).toBe(`${LRM}ریال${NBSP}۱٬۲۳۴٬۵۶۷`);
    expect(wrapper.get('[data-testid="value-spend"]').text()).toBe(`${LRM}ریال${NBSP}۹٬۶۴۱`);
    expect(wrapper.text()).toContain('ارزش طول عمر');
    expect(wrapper.text()).toContain('مجموع خرید');
    expect(wrapper.text()).not.toMatch(/[0-9]/);
    expect(wrapper.text()).not.toContain('€');
  });

  it('dates in the Solar Hijri calendar, with the Gregorian date on hover', () => {
    applyLocale('fa');
    const wrapper = mountWith(CustomerTimeline, freshPinia(), { props: { picture: pictureIn('IRR') } });
    const purchase = wrapper.findAll('[data-testid="timeline-item"]').find((i) => i.attributes('data-kind') === 'purchase')!;
    const date = purchase.get('[data-testid="timeline-date"]');
    // 28 March 2025 is 8 Farvardin 1404.
    expect(date.text()).toBe('۸ فروردین ۱۴۰۴');
    expect(date.attributes('title')).toContain('۲۸ مارس ۲۰۲۵');
    expect(purchase.text()).toContain('خرید · ');
    expect(purchase.text()).toContain('ریال');
    expect(wrapper.text()).toContain('سابقه');
    expect(wrapper.text()).toContain('تماس ورودی');
    // Notes are the agent's own words, in their own direction.
    expect(wrapper.get('.tl__detail').attributes('dir')).toBe('auto');
  });

  it('keeps a Persian address with a Latin postcode and city readable, and numbers left to right', () => {
    applyLocale('fa');
    const picture = pictureIn('IRR', {
      profile: {
        ...(wire(ioanaPicture.profile) as object),
        addresses: [{ label: 'home', line1: 'خیابان ولیعصر، پلاک ۱۲', city: 'Tehran', postcode: '1434', region: 'Tehran', country: 'IR' }],
      },
    });
    const wrapper = mountWith(CustomerHeader, freshPinia(), { props: { picture } });
    const address = wrapper.get('[data-testid="customer-address"]');
    // The line follows its first part, the Persian street: right to left, whatever the page's direction.
    expect(address.attributes('dir')).toBe('rtl');
    expect(address.findAll('bdi').map((b) => b.text())).toEqual(['خیابان ولیعصر، پلاک ۱۲', '1434', 'Tehran', 'IR']);
    expect(address.text()).toContain('، ');
    expect(wrapper.text()).toContain('منزل');
    const phone = wrapper.findAll('bdi[dir="ltr"]').map((b) => b.text());
    expect(phone).toContain('+40 721 555 014');
    expect(wrapper.get('[data-testid="value-badge"]').text()).toBe(`نباید از دست برود · ارزش طول عمر ${LRM}ریال${NBSP}۱٬۲۳۴٬۵۶۷`);
    expect(wrapper.get('[data-testid="banners"]').text()).toContain('تماس نگیرید');
  });
});

describe('the customer picture in Simplified Chinese', () => {
  it('shows yuan, Chinese labels and dates', () => {
    applyLocale('zh-CN');
    const value = mountWith(ValuePanel, freshPinia(), { props: { picture: pictureIn('CNY') } });
    expect(value.get('[data-testid="value-ltv"]').text()).toBe('¥1,234,567');
    expect(value.text()).toContain('生命周期价值');
    expect(value.text()).toContain('累计消费');
    expect(value.get('[data-testid="value-last-purchase"]').text()).toBe('2025年3月28日');

    const timeline = mountWith(CustomerTimeline, freshPinia(), { props: { picture: pictureIn('CNY') } });
    expect(timeline.text()).toContain('历史记录');
    expect(timeline.text()).toContain('购买 · ¥1,249.90');
    expect(timeline.text()).toContain('呼入电话');
  });

  it('words the offer card, its reasons and notices', () => {
    applyLocale('zh-CN');
    const wrapper = mountWith(OfferCard, freshPinia(), { props: { offers: pictureIn('CNY').nextBestOffers, notice: null, currency: 'CNY' } });
    expect(wrapper.text()).toContain('最佳推荐');
    const prices = wrapper.findAll('[data-testid="offer-price"]').map((p) => p.text());
    expect(prices).toEqual(['¥89.00', '免费']);
    const reasons = wrapper.findAll('[data-testid="offer-reason"]').map((r) => r.text());
    expect(reasons[0]).toBe('Water filter购于 2021年6月10日；通常使用寿命为 12 个月');
    expect(reasons[1]).toBe('已在我们这里消费 ¥9,642，超过 ¥5,000 的奖励门槛');
    const none = mountWith(OfferCard, freshPinia(), { props: { offers: [], notice: { code: 'declined-recently', count: 2 } } });
    expect(none.get('[data-testid="offer-notice"]').text()).toBe('无推荐：该客户最近拒绝了 2 个适合的推荐。');
  });
});

describe('offer reasons and titles in every language', () => {
  const offer: NextBestOffer = {
    offerId: 'TABLETS',
    title: 'Dishwasher tablets subscription',
    titleTranslations: { fa: 'اشتراک قرص ماشین ظرف‌شویی', ro: 'Abonament tablete pentru mașina de spălat vase' },
    kind: 'complement',
    purpose: 'marketing',
    consentRule: 'no-objection',
    price: 15,
    priceKind: 'percent',
    score: 0.72,
    reasons: [{ code: 'basket-rule', from: 'dishwashers', to: 'dishwasher-tablets', confidence: 0.62, lift: 4.1 }],
  };

  it('shows the admin\'s title in the agent\'s language, else the default title', () => {
    applyLocale('fa');
    const fa = mountWith(OfferCard, freshPinia(), { props: { offers: [offer] } });
    expect(fa.get('[data-testid="offer-title"]').text()).toBe('اشتراک قرص ماشین ظرف‌شویی');
    expect(fa.get('[data-testid="offer-price"]').text()).toBe('۱۵٪ تخفیف');
    expect(fa.get('[data-testid="offer-reason"]').text()).toBe('۶۲٪ از خریداران dishwashers، dishwasher tablets هم می‌خرند (۴٫۱ برابر بیش از معمول)');
    applyLocale('hu');
    const hu = mountWith(OfferCard, freshPinia(), { props: { offers: [offer] } });
    expect(hu.get('[data-testid="offer-title"]').text()).toBe('Dishwasher tablets subscription');
    expect(hu.get('[data-testid="offer-price"]').text()).toBe('15% kedvezmény');
  });

  it('names the offer in the agent\'s language in a reason that names it', () => {
    applyLocale('ro');
    const goesWith = { ...offer, reasons: [{ code: 'goes-with' as const, offer: offer.title }] };
    const ro = mountWith(OfferCard, freshPinia(), { props: { offers: [goesWith] } });
    expect(ro.get('[data-testid="offer-reason"]').text()).toBe('Abonament tablete pentru mașina de spălat vase se potrivește cu acesta');
  });

  it.each([
    ['en', 'Has spent £5,752 with us, past the £1,000 reward line'],
    ['fa', `تاکنون ${LRM}£۵٬۷۵۲ از ما خرید کرده و از سقف پاداش ${LRM}£۱٬۰۰۰ گذشته است`],
    ['zh-CN', '已在我们这里消费 £5,752，超过 £1,000 的奖励门槛'],
    ['ro', 'A cheltuit 5.752 GBP la noi, peste pragul de recompensă de 1.000 GBP'],
    ['hu', 'Eddig 5752 GBP összeget költött nálunk, túllépve a(z) 1000 GBP jutalomküszöböt'],
  ] as const)('words a loyalty reason in %s, in the offer\'s currency', (locale, text) => {
    applyLocale(locale);
    expect(formatReason({ code: 'spend-past-threshold', spend: 5752.4, threshold: 1000 }, 'GBP').replace(/\u00a0|\u202f/g, ' ')).toBe(text);
  });

  it('uses Romanian plural forms for the months of a replacement', () => {
    applyLocale('ro');
    const at = new Date('2021-06-10T10:00:00Z');
    expect(formatReason({ code: 'replacement-due', product: 'Filtru', boughtAt: at, lifeMonths: 1 }, 'RON')).toMatch(/este de 1 lună$/);
    expect(formatReason({ code: 'replacement-due', product: 'Filtru', boughtAt: at, lifeMonths: 12 }, 'RON')).toMatch(/este de 12 luni$/);
    expect(formatReason({ code: 'replacement-due', product: 'Filtru', boughtAt: at, lifeMonths: 24 }, 'RON')).toMatch(/este de 24 de luni$/);
  });
});

describe('the direction of a line of isolated parts', () => {
  it.each([
    [['خیابان ولیعصر، پلاک ۱۲', '1434', 'Tehran'], 'rtl'],
    [['12 Analytical St', 'N1 1AA', 'تهران'], 'ltr'],
    [['۱۲', 'خیابان ولیعصر'], 'rtl'],
    [['12', 'Strada Memorandumului'], 'ltr'],
    [['北京市朝阳区', 'Beijing'], 'ltr'],
    [['400114', ''], undefined],
  ] as const)('%j → %s', async (parts, dir) => {
    const { firstStrongDirection } = await import('@/customers/text-direction');
    expect(firstStrongDirection(...parts)).toBe(dir);
  });
});
