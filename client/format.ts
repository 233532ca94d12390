import { shallowRef } from 'vue';
import { DEFAULT_CURRENCY } from '@shared/i18n/currency';

/**
 * Display helpers shared by every feature: every date, time, amount and share the client shows goes
 * through here, so a screen never mixes a 12-hour chart with a 24-hour feed. The language is the user's
 * (`applyLocale` in `client/i18n` calls `useDisplayLocale`); the formatters are reactive, so a screen
 * re-renders in a newly chosen language. Money always takes a currency code: the customer's, or the
 * offer's when it states one; `DEFAULT_CURRENCY` only where neither exists.
 */
export { DEFAULT_CURRENCY };

/** The user's language for dates, times and amounts: the browser's, else British English. */
export function browserLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-GB';
}

/**
 * Every formatter for one language. Times take their hour cycle (12 or 24 hours) from the language
 * alone, the same for a time of day (`time`, hh:mm) and a clock (`clock`, hh:mm:ss): the charts, the
 * feed and the agent's screen read alike.
 */
export function formatsFor(locale: string) {
  const hm = { hour: '2-digit', minute: '2-digit' } as const;
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string, exact: boolean) => {
    const key = `${currency}:${exact}`;
    let f = moneyFormats.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency, ...(exact ? {} : { maximumFractionDigits: 0 }) });
      moneyFormats.set(key, f);
    }
    return f;
  };
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const digits = new Intl.NumberFormat(locale, { useGrouping: false });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', ...hm });
  const dateTimeSeconds = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', ...hm, second: '2-digit' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, hm);
  const clock = new Intl.DateTimeFormat(locale, { ...hm, second: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // A language whose calendar is not the Gregorian one (Persian's Solar Hijri) shows the Gregorian
  // date on hover: customers' paperwork and other systems use it.
  const calendar = dateTime.resolvedOptions().calendar;
  const gregorian = calendar === 'gregory' ? null : new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, { day: 'numeric', month: 'long', year: 'numeric', ...hm });
  return {
    locale,
    money: (n: number, currency: string) => moneyFormat(currency, false).format(n),
    price: (n: number, currency: string) => moneyFormat(currency, true).format(n),
    percent: (share: number) => percent.format(share),
    number: (n: number) => number.format(n),
    twoDigits: (n: number) => twoDigits.format(n),
    digits: (n: number) => digits.format(n),
    date: (d: Date | string | number) => date.format(new Date(d)),
    month: (d: Date | string | number) => month.format(new Date(d)),
    dateTime: (d: Date | string | number) => dateTime.format(new Date(d)),
    dateTimeSeconds: (d: Date | string | number) => dateTimeSeconds.format(new Date(d)),
    time: (d: Date | string | number) => time.format(new Date(d)),
    clock: (d: Date | string | number) => clock.format(new Date(d)),
    relative,
    gregorian: (d: Date | string | number) => (gregorian ? gregorian.format(new Date(d)) : undefined),
  };
}

const formats = shallowRef(formatsFor(browserLocale()));

/** Formats in `locale` from now on: every screen showing a formatted value re-renders. */
export function useDisplayLocale(locale: string) {
  if (formats.value.locale !== locale) formats.value = formatsFor(locale);
}
/** The locale dates and numbers are formatted in (charts take it for their axes). */
export const displayLocale = () => formats.value.locale;
/** The Gregorian date and time, when the user's calendar is another one (a `title` on a date). */
export const gregorianTitle = (d: Date | string | number) => formats.value.gregorian(d);

/** A round amount for figures (lifetime value, spend): no cents. */
export const formatMoney = (n: number, currency: string = DEFAULT_CURRENCY) => formats.value.money(n, currency);
/** An exact amount, as quoted or paid. */
export const formatPrice = (n: number, currency: string = DEFAULT_CURRENCY) => formats.value.price(n, currency);
/** A share in 0..1 as a percentage ("62%", "12.5%"). */
export const formatPercent = (share: number) => formats.value.percent(share);
/** A count or figure in the user's digits and grouping ("1,234", "۱٬۲۳۴"). */
export const formatNumber = (n: number) => formats.value.number(n);

export const formatDate = (d: Date | string) => formats.value.date(d);
export const formatMonth = (d: Date | string) => formats.value.month(d);
export const formatDateTime = (d: Date | string) => formats.value.dateTime(d);
/** Date and time to the second: an audit entry. */
export const formatDateTimeSeconds = (d: Date | string) => formats.value.dateTimeSeconds(d);
/** A time of day to the minute: a chart's axis, a call's start. */
export const formatTime = (d: Date | string | number) => formats.value.time(d);
/** A time of day to the second, in the same hour cycle as formatTime: the live feed. */
export const formatClock = (d: Date | string | number) => formats.value.clock(d);

/** `mm:ss`, or `h:mm:ss` past an hour: how long an agent has been in a state or on a call. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  // In the user's digits (Persian agents read ۰۳:۱۵), always left to right as a clock reads.
  const { twoDigits: pad, digits } = formats.value;
  return h > 0 ? `${digits(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** "3 days ago", "2 years ago": how recent an event is, for scanning a timeline. */
export function timeAgo(d: Date | string, now = Date.now()): string {
  const diff = now - new Date(d).getTime();
  const rtf = formats.value.relative;
  const minutes = Math.round(diff / 60_000);
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(-hours, 'hour');
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 45) return rtf.format(-days, 'day');
  const months = Math.round(days / 30.44);
  if (Math.abs(months) < 18) return rtf.format(-months, 'month');
  return rtf.format(-Math.round(days / 365.25), 'year');
}
