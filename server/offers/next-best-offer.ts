import type { NextBestOffer } from '../../shared/schemas/customer.js';

/** What ranking needs to know about a customer: all of it precomputed on the customer record. */
export interface OfferCustomer {
  owned: Array<{ sku?: string | null; category?: string | null; at?: Date | null }>;
  totalSpend: number;
  atRisk: boolean;
  segment?: string;
  consents: Array<{ purpose?: string | null; channel?: string | null; granted?: boolean | null }>;
  doNotCall: boolean;
}

export interface OfferDef {
  code: string;
  title: string;
  kind: NextBestOffer['kind'];
  sku?: string | null;
  triggerCategory?: string | null;
  spendThreshold?: number | null;
  price: number;
  purpose: string;
  channel: string;
  active: boolean;
  suppressDays: number;
}

export interface ProductDef {
  sku: string;
  name: string;
  category: string;
  replacementMonths?: number | null;
}

const MONTH_MS = 30.44 * 24 * 3600 * 1000;
const months = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / MONTH_MS);

/** A marketing offer needs marketing consent on its channel; by phone, also no do-not-call. */
export function mayReceive(customer: OfferCustomer, offer: Pick<OfferDef, 'purpose' | 'channel'>): boolean {
  if (offer.purpose !== 'marketing') return true;
  if (offer.channel === 'phone' && customer.doNotCall) return false;
  return customer.consents.some((c) => c.purpose === 'marketing' && c.channel === offer.channel && c.granted === true);
}

/**
 * Ranks the active offers for one customer, each with reasons an agent can read aloud.
 * `declined` maps offer codes to when this customer last declined them.
 */
export function rankOffers(
  customer: OfferCustomer,
  offers: OfferDef[],
  products: Map<string, ProductDef>,
  declined: Map<string, Date>,
  now: Date,
  limit = 3,
): NextBestOffer[] {
  const ownedSkus = new Set(customer.owned.map((o) => o.sku));
  const latestByCategory = new Map<string, { sku?: string | null; at: Date }>();
  for (const o of customer.owned) {
    if (!o.category || !o.at) continue;
    const prev = latestByCategory.get(o.category);
    if (!prev || prev.at < o.at) latestByCategory.set(o.category, { sku: o.sku, at: o.at });
  }
  const out: NextBestOffer[] = [];
  for (const offer of offers) {
    if (!offer.active || !mayReceive(customer, offer)) continue;
    if (offer.sku && ownedSkus.has(offer.sku) && offer.kind !== 'replacement') continue;
    const lastDecline = declined.get(offer.code);
    if (lastDecline && now.getTime() - lastDecline.getTime() < offer.suppressDays * 24 * 3600 * 1000) continue;

    let score = 0;
    const reasons: string[] = [];
    const trigger = offer.triggerCategory ? latestByCategory.get(offer.triggerCategory) : undefined;
    const triggerName = trigger?.sku ? (products.get(trigger.sku)?.name ?? offer.triggerCategory) : offer.triggerCategory;
    switch (offer.kind) {
      case 'complement':
      case 'up-sell':
        if (!trigger) continue;
        score = (offer.kind === 'complement' ? 0.6 : 0.4) + Math.max(0, 0.3 - months(trigger.at, now) * 0.02);
        reasons.push(`Bought ${triggerName} ${months(trigger.at, now)} months ago`);
        reasons.push(offer.kind === 'complement' ? `${offer.title} goes with it` : `${offer.title} is the step up`);
        break;
      case 'replacement': {
        if (!trigger || !trigger.sku) continue;
        const life = products.get(trigger.sku)?.replacementMonths;
        if (!life) continue;
        const age = months(trigger.at, now);
        if (age < life * 0.9) continue;
        score = 0.7 + Math.min(0.2, (age - life * 0.9) / life);
        reasons.push(`${triggerName} bought ${age} months ago; typical life is ${life} months`);
        break;
      }
      case 'loyalty':
        if (!offer.spendThreshold || customer.totalSpend < offer.spendThreshold) continue;
        score = 0.5 + Math.min(0.3, customer.totalSpend / offer.spendThreshold / 20);
        reasons.push(`Has spent ${Math.round(customer.totalSpend)} with us, past the ${offer.spendThreshold} reward line`);
        break;
      case 'win-back':
        if (!customer.atRisk) continue;
        score = 0.65;
        reasons.push(`Flagged at risk of leaving${customer.segment ? ` (segment: ${customer.segment})` : ''}`);
        break;
    }
    out.push({ offerId: offer.code, title: offer.title, kind: offer.kind, price: offer.price, score: Math.round(score * 100) / 100, reasons });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
