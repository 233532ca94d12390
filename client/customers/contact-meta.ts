import type { CustomerSummary } from '@shared/schemas/customer';

/**
 * A search result's or candidate's phone, e-mail and city, each with its own direction: a number or an
 * address reads left to right inside a Persian line, a city in its own script.
 */
export function contactMeta(c: Pick<CustomerSummary, 'phone' | 'email' | 'city'>): Array<{ text: string; dir: 'ltr' | 'auto' }> {
  const out: Array<{ text: string; dir: 'ltr' | 'auto' }> = [];
  if (c.phone) out.push({ text: c.phone, dir: 'ltr' });
  if (c.email) out.push({ text: c.email, dir: 'ltr' });
  if (c.city) out.push({ text: c.city, dir: 'auto' });
  return out;
}
