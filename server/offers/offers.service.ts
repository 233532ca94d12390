import { LocalizedText } from '../../shared/i18n/localized.js';
import { OFFER_DEFAULTS, type Offer, type OfferInput, type OfferStats, priceKindOf } from '../../shared/schemas/offers.js';
import type { Models } from '../db/models.js';
import { conflict, notFound } from '../http/errors.js';
import type { CatalogueCache } from './catalogue-cache.js';
import type { OfferDoc } from './offer.model.js';

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
/** Stored translations as the schema reads them: none when absent or empty. */
const translationsOf = (v: unknown): LocalizedText | undefined => {
  const parsed = LocalizedText.safeParse(v ?? undefined);
  return parsed.success && parsed.data && Object.keys(parsed.data).length ? parsed.data : undefined;
};

function toOffer(o: OfferDoc & { updatedAt?: Date }): Offer {
  return {
    id: String(o._id),
    code: o.code,
    title: o.title,
    titleTranslations: translationsOf(o.titleTranslations),
    kind: o.kind as Offer['kind'],
    sku: opt(o.sku),
    triggerCategory: opt(o.triggerCategory),
    spendThreshold: opt(o.spendThreshold),
    price: o.price,
    priceKind: priceKindOf({ price: o.price, priceKind: o.priceKind as Offer['priceKind'] | null | undefined }),
    currency: opt(o.currency),
    purpose: o.purpose as Offer['purpose'],
    channel: o.channel as Offer['channel'],
    consentRule: (o.consentRule ?? OFFER_DEFAULTS.consentRule) as Offer['consentRule'],
    active: o.active,
    suppressDays: o.suppressDays,
    quoteDays: o.quoteDays ?? OFFER_DEFAULTS.quoteDays,
    eligibility: {
      segments: o.eligibility?.segments?.length ? (o.eligibility.segments as Offer['eligibility']['segments']) : undefined,
      minLifetimeValue: opt(o.eligibility?.minLifetimeValue),
      customerKinds: o.eligibility?.customerKinds?.length ? (o.eligibility.customerKinds as Offer['eligibility']['customerKinds']) : undefined,
    },
    updatedAt: o.updatedAt,
  };
}

const rate = (accepted: number, declined: number) => (accepted + declined ? Math.round((accepted / (accepted + declined)) * 1000) / 1000 : null);

/** Offers as data an admin edits, and how well they do. Edits reach the pops at once (the cache is invalidated). */
export function createOfferService(models: Models, catalogue: CatalogueCache) {
  return {
    async list(): Promise<Offer[]> {
      return (await models.Offer.find().sort({ code: 1 }).lean<OfferDoc[]>()).map(toOffer);
    },

    async create(input: OfferInput): Promise<Offer> {
      if (await models.Offer.exists({ code: input.code })) throw conflict(`an offer with code ${input.code} exists`, undefined, 'OFFER_CODE_TAKEN', { code: input.code });
      const doc = await models.Offer.create(input);
      catalogue.invalidate();
      return toOffer(doc.toObject() as OfferDoc);
    },

    /** Replaces an offer's fields; a price change does not touch prices already quoted to customers. */
    async update(id: string, input: OfferInput): Promise<Offer> {
      const clash = await models.Offer.exists({ code: input.code, _id: { $ne: id } });
      if (clash) throw conflict(`an offer with code ${input.code} exists`, undefined, 'OFFER_CODE_TAKEN', { code: input.code });
      const unset = Object.fromEntries((['titleTranslations', 'sku', 'triggerCategory', 'spendThreshold', 'priceKind', 'currency'] as const).filter((k) => input[k] === undefined).map((k) => [k, 1]));
      const doc = await models.Offer.findByIdAndUpdate(id, { $set: input, $unset: unset }, { returnDocument: 'after', runValidators: true }).lean<OfferDoc>();
      if (!doc) throw notFound('offer');
      catalogue.invalidate();
      return toOffer(doc);
    },

    /**
     * Presented, accepted and declined counts with the acceptance rate (accepted over outcomes), per
     * offer and per customer segment (the segment the customer is in now).
     */
    async stats(): Promise<OfferStats> {
      const byOffer = new Map<string, { presented: number; accepted: number; declined: number }>();
      const bySegment = new Map<string, { presented: number; accepted: number; declined: number }>();
      const interactions = await models.Interaction.find(
        { $or: [{ 'presentedOffers.0': { $exists: true } }, { 'offers.0': { $exists: true } }] },
        { customerId: 1, presentedOffers: 1, offers: 1 },
      ).lean();
      const ids = [...new Set(interactions.map((i) => String(i.customerId ?? '')).filter(Boolean))];
      const customers = await models.Customer.find({ _id: { $in: ids } }, { value: 1 }).lean();
      const segmentOf = new Map(customers.map((c) => [String(c._id), c.value?.segment ?? 'unscored']));
      const bump = (map: typeof byOffer, key: string, field: 'presented' | 'accepted' | 'declined') => {
        const row = map.get(key) ?? { presented: 0, accepted: 0, declined: 0 };
        row[field]++;
        map.set(key, row);
      };
      for (const i of interactions) {
        const segment = segmentOf.get(String(i.customerId ?? '')) ?? 'unscored';
        for (const p of i.presentedOffers ?? []) {
          if (!p.offerId) continue;
          bump(byOffer, p.offerId, 'presented');
          bump(bySegment, `${p.offerId}\u0000${segment}`, 'presented');
        }
        for (const o of i.offers ?? []) {
          if (!o.offerId || (o.outcome !== 'accepted' && o.outcome !== 'declined')) continue;
          bump(byOffer, o.offerId, o.outcome);
          bump(bySegment, `${o.offerId}\u0000${segment}`, o.outcome);
        }
      }
      const rows = (map: typeof byOffer, split: boolean) =>
        [...map].map(([key, r]) => {
          const [offerId, segment] = split ? key.split('\u0000') : [key, 'all'];
          return { offerId, segment, ...r, acceptanceRate: rate(r.accepted, r.declined) };
        }).sort((a, b) => a.offerId.localeCompare(b.offerId) || a.segment.localeCompare(b.segment));
      return { byOffer: rows(byOffer, false), bySegment: rows(bySegment, true) };
    },
  };
}
export type OfferService = ReturnType<typeof createOfferService>;
