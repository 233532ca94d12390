import { LocalizedText } from '../../shared/i18n/localized.js';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import type { ComplaintSeverity, OfferPurpose } from '../../shared/schemas/enums.js';
import type { OfferNotice, OfferReason } from '../../shared/schemas/offer-reasons.js';
import { OFFER_DEFAULTS, type OfferInput, priceKindOf } from '../../shared/schemas/offers.js';

/** What ranking needs to know about a customer: all of it precomputed on the customer record. */
export interface OfferCustomer {
  kind?: string;
  owned: Array<{ sku?: string | null; category?: string | null; at?: Date | null }>;
  totalSpend: number;
  /** The customer's last purchase, if any: a lapsed customer who calls is offered the win-back. */
  lastPurchaseAt?: Date | null;
  atRisk: boolean;
  segment?: string;
  consents: Array<{ purpose?: string | null; channel?: string | null; granted?: boolean | null }>;
  doNotCall: boolean;
  /** The customer contacted us (a live inbound call or chat): `no-objection` offers may be presented. */
  contactedUs?: boolean;
  /** Complaints not yet resolved, newest first: a high-severity one holds sales offers back. */
  openComplaints?: Array<{ id: string; severity: ComplaintSeverity }>;
}

/** Optional fields as lean documents hold them: absent, or null where unset. */
type Stored<T> = { [K in keyof T]?: T[K] | null };

/**
 * An offer as ranking reads it: the admin's `OfferInput` as stored. Eligibility lists are read as plain
 * strings, since they are compared with the segment and kind stored on the customer.
 */
export type OfferDef = Pick<OfferInput, 'code' | 'title' | 'kind' | 'price' | 'purpose' | 'channel' | 'active' | 'suppressDays'> &
  Stored<Pick<OfferInput, 'sku' | 'triggerCategory' | 'spendThreshold' | 'quoteDays' | 'consentRule' | 'priceKind' | 'currency'>> & {
    eligibility?: Stored<{ segments: string[]; minLifetimeValue: number; customerKinds: string[] }> | null;
    /** The title in other languages, when the admin gave them (read as stored: checked before use). */
    titleTranslations?: unknown;
  };

/** An offer's title translations as stored, when they are well formed and not empty. */
function titleTranslationsOf(offer: Pick<OfferDef, 'titleTranslations'>): LocalizedText | undefined {
  if (offer.titleTranslations == null) return undefined;
  const parsed = LocalizedText.safeParse(offer.titleTranslations);
  return parsed.success && Object.keys(parsed.data).length ? parsed.data : undefined;
}

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
const DAY_MS = 86_400_000;
const months = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / MONTH_MS);

/** Severities that hold sales back while a complaint is open: selling to an angry customer loses them. */
const HOLDS_SALES: ReadonlySet<ComplaintSeverity> = new Set(['high', 'critical']);
/** Value segments of customers who stopped buying: the win-back is for them as well as those at risk. */
const LAPSED: ReadonlySet<string> = new Set(['hibernating', 'lost']);
const SEVERITY_RANK: Record<ComplaintSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * Whether the customer objected to a purpose: for marketing, do-not-call or every marketing consent
 * refused (an opt-out); for service, every service consent refused. Nothing recorded is no objection.
 */
export function objected(customer: Pick<OfferCustomer, 'consents' | 'doNotCall'>, purpose: OfferPurpose): boolean {
  if (purpose === 'marketing' && customer.doNotCall) return true;
  const stated = customer.consents.filter((c) => c.purpose === purpose);
  return stated.length > 0 && stated.every((c) => c.granted !== true);
}

/**
 * The offer's consent rule applied to the customer. A sale (`marketing`) under `opt-in` needs marketing
 * consent granted on the offer's channel (by phone, also no do-not-call); under `no-objection`, that, or the
 * customer contacted us and has not objected to marketing. A service gesture needs no marketing consent
 * under either rule: only a refusal of service contact (on its channel, or everywhere) stops it.
 */
export function mayReceive(customer: OfferCustomer, offer: Pick<OfferDef, 'purpose' | 'channel' | 'consentRule'>): boolean {
  if (offer.purpose === 'service')
    return !objected(customer, 'service') && !customer.consents.some((c) => c.purpose === 'service' && c.channel === offer.channel && c.granted === false);
  const optedIn =
    !(offer.channel === 'phone' && customer.doNotCall) &&
    customer.consents.some((c) => c.purpose === 'marketing' && c.channel === offer.channel && c.granted === true);
  if (optedIn) return true;
  return (offer.consentRule ?? OFFER_DEFAULTS.consentRule) === 'no-objection' && !!customer.contactedUs && !objected(customer, 'marketing');
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

/** The open complaint that holds sales back: the most severe of high or above, the newest of equals. */
export function salesHoldingComplaint(customer: Pick<OfferCustomer, 'openComplaints'>) {
  let worst: { id: string; severity: ComplaintSeverity } | undefined;
  for (const c of customer.openComplaints ?? [])
    if (HOLDS_SALES.has(c.severity) && (!worst || SEVERITY_RANK[c.severity] > SEVERITY_RANK[worst.severity])) worst = c;
  return worst;
}

type Latest = Map<string, { sku?: string | null; at: Date }>;

/** How relevant an offer is to this customer (0..1) and why, or null when it is not. No consent involved. */
function relevance(customer: OfferCustomer, offer: OfferDef, latest: Latest, catalogue: OfferCatalogue, now: Date): { score: number; reasons: OfferReason[] } | null {
  const { products, rules } = catalogue;
  const trigger = offer.triggerCategory ? latest.get(offer.triggerCategory) : undefined;
  const triggerName = (trigger?.sku ? products.get(trigger.sku)?.name : undefined) ?? offer.triggerCategory ?? '';
  switch (offer.kind) {
    case 'complement': {
      if (!trigger) return null;
      const age = months(trigger.at, now);
      const sold = offer.sku ? products.get(offer.sku) : undefined;
      const rule = sold && offer.triggerCategory ? rules.get(ruleKey(offer.triggerCategory, sold.category)) : undefined;
      // A mined rule replaces the flat prior: more confident, higher-lift rules rank higher.
      const score = (rule ? 0.4 + 0.3 * rule.confidence + Math.min(0.2, rule.lift / 50) : 0.6) + Math.max(0, 0.1 - age * 0.01);
      return {
        score,
        reasons: [
          { code: 'bought', product: triggerName, at: trigger.at },
          rule && sold
            ? { code: 'basket-rule', from: offer.triggerCategory!, to: sold.category, confidence: Math.min(1, Math.max(0, rule.confidence)), lift: Math.max(0, rule.lift) }
            : { code: 'goes-with', offer: offer.title },
        ],
      };
    }
    case 'up-sell': {
      if (!trigger) return null;
      const age = months(trigger.at, now);
      return {
        score: 0.4 + Math.max(0, 0.3 - age * 0.02),
        reasons: [
          { code: 'bought', product: triggerName, at: trigger.at },
          { code: 'step-up', offer: offer.title },
        ],
      };
    }
    case 'replacement': {
      if (!trigger || !trigger.sku) return null;
      const life = products.get(trigger.sku)?.replacementMonths;
      if (!life) return null;
      const age = months(trigger.at, now);
      // Due from 90% of the typical life, so the reminder comes before the old one fails.
      if (age < life * 0.9) return null;
      return {
        score: 0.7 + Math.min(0.2, (age - life * 0.9) / life),
        reasons: [{ code: 'replacement-due', product: triggerName, boughtAt: trigger.at, lifeMonths: Math.round(life) }],
      };
    }
    case 'loyalty':
      if (!offer.spendThreshold || customer.totalSpend < offer.spendThreshold) return null;
      return {
        score: 0.5 + Math.min(0.3, customer.totalSpend / offer.spendThreshold / 20),
        reasons: [{ code: 'spend-past-threshold', spend: Math.round(customer.totalSpend * 100) / 100, threshold: offer.spendThreshold }],
      };
    case 'win-back':
      if (customer.atRisk) return { score: 0.65, reasons: [{ code: 'at-risk', ...(customer.segment ? { segment: customer.segment } : {}) }] };
      // Already gone quiet (hibernating or lost) but bought from us before: the call is the chance to win them back.
      if (customer.lastPurchaseAt && customer.segment && LAPSED.has(customer.segment))
        return { score: 0.55, reasons: [{ code: 'lapsed', segment: customer.segment, lastPurchaseAt: customer.lastPurchaseAt }] };
      return null;
  }
}

/** The offers for one customer, best first, and what the agent should be told about them. */
export interface RankedOffers {
  offers: NextBestOffer[];
  notice: OfferNotice | null;
}

/**
 * Ranks the active offers for one customer, each with a score in 0..1 and reasons as codes the console words.
 * An offer must be relevant (complements by the strength of the basket rule from what the customer bought,
 * replacements by how far past its typical life the product is, loyalty by spend past the threshold,
 * win-back for customers at risk, up-sells by how recently the category was bought), pass its eligibility
 * rules, not be owned already, not be declined within its suppression days, pass its consent rule, and,
 * while a high-severity complaint is open, be a service gesture rather than a sale.
 * The notice says why sales were held back, or why there is no offer at all.
 * `declined` maps offer codes to when this customer last declined them.
 */
export function nextBestOffers(customer: OfferCustomer, catalogue: OfferCatalogue, declined: Map<string, Date>, now: Date, limit = 3): RankedOffers {
  const ownedSkus = new Set(customer.owned.map((o) => o.sku));
  const latest: Latest = new Map();
  for (const o of customer.owned) {
    if (!o.category || !o.at) continue;
    const prev = latest.get(o.category);
    if (!prev || prev.at < o.at) latest.set(o.category, { sku: o.sku, at: o.at });
  }
  const holding = salesHoldingComplaint(customer);
  let declinedCount = 0;
  let needsConsent = 0;
  const out: NextBestOffer[] = [];
  for (const offer of catalogue.offers) {
    if (!offer.active || !eligible(customer, offer)) continue;
    if (offer.sku && ownedSkus.has(offer.sku) && offer.kind !== 'replacement') continue;
    const fit = relevance(customer, offer, latest, catalogue, now);
    if (!fit) continue;
    const lastDecline = declined.get(offer.code);
    if (lastDecline && now.getTime() - lastDecline.getTime() < offer.suppressDays * DAY_MS) {
      declinedCount++;
      continue;
    }
    if (!mayReceive(customer, offer)) {
      needsConsent++;
      continue;
    }
    if (holding && offer.purpose === 'marketing') continue;
    const titleTranslations = titleTranslationsOf(offer);
    out.push({
      offerId: offer.code,
      title: offer.title,
      ...(titleTranslations ? { titleTranslations } : {}),
      kind: offer.kind,
      purpose: offer.purpose,
      consentRule: offer.consentRule ?? OFFER_DEFAULTS.consentRule,
      price: offer.price,
      priceKind: priceKindOf(offer),
      ...(offer.currency ? { currency: offer.currency } : {}),
      score: Math.round(Math.min(1, fit.score) * 100) / 100,
      reasons: fit.reasons,
    });
  }
  const offers = out.sort((a, b) => b.score - a.score).slice(0, limit);
  let notice: OfferNotice | null = null;
  if (holding) notice = { code: 'sales-held', complaintId: holding.id, severity: holding.severity };
  else if (!offers.length) {
    if (objected(customer, 'marketing')) notice = { code: 'objected', doNotCall: customer.doNotCall };
    else if (needsConsent) notice = { code: 'needs-opt-in' };
    else if (declinedCount) notice = { code: 'declined-recently', count: declinedCount };
    else notice = { code: 'nothing-relevant' };
  }
  return { offers, notice };
}

/** The ranked offers alone (see `nextBestOffers`). */
export const rankOffers = (customer: OfferCustomer, catalogue: OfferCatalogue, declined: Map<string, Date>, now: Date, limit = 3): NextBestOffer[] =>
  nextBestOffers(customer, catalogue, declined, now, limit).offers;
