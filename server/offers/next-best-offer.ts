import type { NextBestOffer } from '../../shared/schemas/customer.js';
import type { OfferInput } from '../../shared/schemas/offers.js';
import { describeRule } from '../analytics/basket.js';

/** What ranking needs to know about a customer: all of it precomputed on the customer record. */
export interface OfferCustomer {
  kind?: string;
  owned: Array<{ sku?: string | null; category?: string | null; at?: Date | null }>;
  totalSpend: number;
  atRisk: boolean;
  segment?: string;
  consents: Array<{ purpose?: string | null; channel?: string | null; granted?: boolean | null }>;
  doNotCall: boolean;
}

/** Optional fields as lean documents hold them: absent, or null where unset. */
type Stored<T> = { [K in keyof T]?: T[K] | null };

/**
 * An offer as ranking reads it: the admin's `OfferInput` as stored. Eligibility lists are read as plain
 * strings, since they are compared with the segment and kind stored on the customer.
 */
export type OfferDef = Pick<OfferInput, 'code' | 'title' | 'kind' | 'price' | 'purpose' | 'channel' | 'active' | 'suppressDays'> &
  Stored<Pick<OfferInput, 'sku' | 'triggerCategory' | 'spendThreshold' | 'quoteDays'>> & {
    eligibility?: Stored<{ segments: string[]; minLifetimeValue: number; customerKinds: string[] }> | null;
  };

export interface ProductDef {
  sku: string;
  name: string;
  category: string;
  replacementMonths?: number | null;
}

/** A category-level basket rule, keyed `${antecedent}\u0000${consequent}` in the catalogue. */
export interface RuleStat {
  confidence: number;
  lift: number;
}
export const ruleKey = (antecedent: string, consequent: string) => `${antecedent}\u0000${consequent}`;

/** Everything ranking reads besides the customer: small, cached, refreshed in the background. */
export interface OfferCatalogue {
  offers: OfferDef[];
  products: Map<string, ProductDef>;
  rules: Map<string, RuleStat>;
}

const MONTH_MS = 30.44 * 24 * 3600 * 1000;
const months = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / MONTH_MS);
const ago = (n: number) => (n === 0 ? 'less than a month ago' : n === 1 ? '1 month ago' : `${n} months ago`);

/** A marketing offer needs marketing consent on its channel; by phone, also no do-not-call. */
export function mayReceive(customer: OfferCustomer, offer: Pick<OfferDef, 'purpose' | 'channel'>): boolean {
  if (offer.purpose !== 'marketing') return true;
  if (offer.channel === 'phone' && customer.doNotCall) return false;
  return customer.consents.some((c) => c.purpose === 'marketing' && c.channel === offer.channel && c.granted === true);
}

/** The offer's own eligibility rules (segments, least lifetime value, customer kinds): each one given must hold. */
export function eligible(customer: OfferCustomer, offer: Pick<OfferDef, 'eligibility'>): boolean {
  const e = offer.eligibility;
  if (!e) return true;
  if (e.segments?.length && !(customer.segment && e.segments.includes(customer.segment))) return false;
  if (e.minLifetimeValue != null && customer.totalSpend < e.minLifetimeValue) return false;
  if (e.customerKinds?.length && !(customer.kind && e.customerKinds.includes(customer.kind))) return false;
  return true;
}

/**
 * Ranks the active offers for one customer, each with a score in 0..1 and reasons an agent can read aloud.
 * Filters first (consent, per-offer eligibility, already owned, declined within the offer's suppression
 * days), then scores by kind: complements by the strength of the basket rule from what the customer
 * bought, replacements by how far past its typical life the product is, loyalty by spend past the
 * threshold, win-back for customers at risk, up-sells by how recently the category was bought.
 * `declined` maps offer codes to when this customer last declined them.
 */
export function rankOffers(customer: OfferCustomer, catalogue: OfferCatalogue, declined: Map<string, Date>, now: Date, limit = 3): NextBestOffer[] {
  const { offers, products, rules } = catalogue;
  const ownedSkus = new Set(customer.owned.map((o) => o.sku));
  const latestByCategory = new Map<string, { sku?: string | null; at: Date }>();
  for (const o of customer.owned) {
    if (!o.category || !o.at) continue;
    const prev = latestByCategory.get(o.category);
    if (!prev || prev.at < o.at) latestByCategory.set(o.category, { sku: o.sku, at: o.at });
  }
  const out: NextBestOffer[] = [];
  for (const offer of offers) {
    if (!offer.active || !mayReceive(customer, offer) || !eligible(customer, offer)) continue;
    if (offer.sku && ownedSkus.has(offer.sku) && offer.kind !== 'replacement') continue;
    const lastDecline = declined.get(offer.code);
    if (lastDecline && now.getTime() - lastDecline.getTime() < offer.suppressDays * 24 * 3600 * 1000) continue;

    let score = 0;
    const reasons: string[] = [];
    const trigger = offer.triggerCategory ? latestByCategory.get(offer.triggerCategory) : undefined;
    const triggerName = trigger?.sku ? (products.get(trigger.sku)?.name ?? offer.triggerCategory) : offer.triggerCategory;
    switch (offer.kind) {
      case 'complement': {
        if (!trigger) continue;
        const age = months(trigger.at, now);
        const sold = offer.sku ? products.get(offer.sku) : undefined;
        const rule = sold && offer.triggerCategory ? rules.get(ruleKey(offer.triggerCategory, sold.category)) : undefined;
        // A mined rule replaces the flat prior: more confident, higher-lift rules rank higher.
        score = rule ? 0.4 + 0.3 * rule.confidence + Math.min(0.2, rule.lift / 50) : 0.6;
        score += Math.max(0, 0.1 - age * 0.01);
        reasons.push(`Bought ${triggerName} ${ago(age)}`);
        reasons.push(rule && sold ? describeRule(rule, offer.triggerCategory!, sold.category) : `${offer.title} goes with it`);
        break;
      }
      case 'up-sell': {
        if (!trigger) continue;
        const age = months(trigger.at, now);
        score = 0.4 + Math.max(0, 0.3 - age * 0.02);
        reasons.push(`Bought ${triggerName} ${ago(age)}`);
        reasons.push(`${offer.title} is the step up`);
        break;
      }
      case 'replacement': {
        if (!trigger || !trigger.sku) continue;
        const life = products.get(trigger.sku)?.replacementMonths;
        if (!life) continue;
        const age = months(trigger.at, now);
        // Due from 90% of the typical life, so the reminder comes before the old one fails.
        if (age < life * 0.9) continue;
        score = 0.7 + Math.min(0.2, (age - life * 0.9) / life);
        reasons.push(`${triggerName} bought ${ago(age)}; typical life is ${life} months`);
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
    out.push({ offerId: offer.code, title: offer.title, kind: offer.kind, price: offer.price, score: Math.round(Math.min(1, score) * 100) / 100, reasons });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
