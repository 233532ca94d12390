import type { NextBestOffer } from '@shared/schemas/customer';

/**
 * Display helpers shared by every feature: every date, time, amount and share the client shows goes
 * through here, so a screen never mixes a 12-hour chart with a 24-hour feed. The language is the
 * browser's for now (`navigator.language`); a later issue lets each user choose theirs
 * (`useDisplayLocale`). Money always takes a currency code; the data carries none for customers yet, so
 * callers pass the offer's currency when it states one and `DEFAULT_CURRENCY` otherwise.
 */
export const DEFAULT_CURRENCY = 'EUR';

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
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', ...hm });
  const dateTimeSeconds = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', ...hm, second: '2-digit' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, hm);
  const clock = new Intl.DateTimeFormat(locale, { ...hm, second: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    locale,
    money: (n: number, currency: string) => moneyFormat(currency, false).format(n),
    price: (n: number, currency: string) => moneyFormat(currency, true).format(n),
    percent: (share: number) => percent.format(share),
    date: (d: Date | string | number) => date.format(new Date(d)),
    month: (d: Date | string | number) => month.format(new Date(d)),
    dateTime: (d: Date | string | number) => dateTime.format(new Date(d)),
    dateTimeSeconds: (d: Date | string | number) => dateTimeSeconds.format(new Date(d)),
    time: (d: Date | string | number) => time.format(new Date(d)),
    clock: (d: Date | string | number) => clock.format(new Date(d)),
    relative,
  };
}

let current = formatsFor(browserLocale());

/** Formats in `locale` from now on (screens re-render with it as their data changes). */
export function useDisplayLocale(locale: string) {
  current = formatsFor(locale);
}

/** A round amount for figures (lifetime value, spend): no cents. */
export const formatMoney = (n: number, currency: string = DEFAULT_CURRENCY) => current.money(n, currency);
/** An exact amount, as quoted or paid. */
export const formatPrice = (n: number, currency: string = DEFAULT_CURRENCY) => current.price(n, currency);
/** A share in 0..1 as a percentage ("62%", "12.5%"). */
export const formatPercent = (share: number) => current.percent(share);

/** An offer's price by its kind: "Free", "15% off", or the amount in the offer's currency. */
export function formatOfferPrice(offer: Pick<NextBestOffer, 'price' | 'priceKind' | 'currency'>): string {
  switch (offer.priceKind) {
    case 'free':
      return 'Free';
    case 'percent':
      return `${formatPercent(offer.price / 100)} off`;
    case 'amount':
      return formatPrice(offer.price, offer.currency ?? DEFAULT_CURRENCY);
  }
}
export const formatDate = (d: Date | string) => current.date(d);
export const formatMonth = (d: Date | string) => current.month(d);
export const formatDateTime = (d: Date | string) => current.dateTime(d);
/** Date and time to the second: an audit entry. */
export const formatDateTimeSeconds = (d: Date | string) => current.dateTimeSeconds(d);
/** A time of day to the minute: a chart's axis, a call's start. */
export const formatTime = (d: Date | string | number) => current.time(d);
/** A time of day to the second, in the same hour cycle as formatTime: the live feed. */
export const formatClock = (d: Date | string | number) => current.clock(d);

/** `mm:ss`, or `h:mm:ss` past an hour: how long an agent has been in a state or on a call. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** "3 days ago", "2 years ago": how recent an event is, for scanning a timeline. */
export function timeAgo(d: Date | string, now = Date.now()): string {
  const diff = now - new Date(d).getTime();
  const rtf = current.relative;
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
