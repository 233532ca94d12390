/**
 * Display helpers shared by every feature. The picture carries amounts without a currency, so one
 * deployment-wide currency is assumed here.
 */
const CURRENCY = 'EUR';

const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 });
const moneyExact = new Intl.NumberFormat(undefined, { style: 'currency', currency: CURRENCY });
const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const month = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const formatMoney = (n: number) => money.format(n);
export const formatPrice = (n: number) => moneyExact.format(n);
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
