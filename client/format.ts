import type { NextBestOffer } from '@shared/schemas/customer';

/**
 * Display helpers shared by every feature: money, percentages, dates and times. Money always goes through
 * `formatMoney`/`formatPrice` with a currency code; the data carries none for customers yet, so callers
 * pass the offer's currency when it states one and `DEFAULT_CURRENCY` otherwise.
 */
export const DEFAULT_CURRENCY = 'EUR';

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, exact: boolean): Intl.NumberFormat {
  const key = `${currency}:${exact}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency, ...(exact ? {} : { maximumFractionDigits: 0 }) });
    moneyFormats.set(key, f);
  }
  return f;
}
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const month = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A round amount for figures (lifetime value, spend): no cents. */
export const formatMoney = (n: number, currency: string = DEFAULT_CURRENCY) => moneyFormat(currency, false).format(n);
/** An exact amount, as quoted or paid. */
export const formatPrice = (n: number, currency: string = DEFAULT_CURRENCY) => moneyFormat(currency, true).format(n);
/** A share in 0..1 as a percentage ("62%", "12.5%"). */
export const formatPercent = (share: number) => percent.format(share);

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
export const formatDate = (d: Date | string) => date.format(new Date(d));
export const formatMonth = (d: Date | string) => month.format(new Date(d));
export const formatDateTime = (d: Date | string) => dateTime.format(new Date(d));
export const formatTime = (d: Date | string | number) => time.format(new Date(d));

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
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
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
