import { Types } from 'mongoose';
import type { CustomerPicture, CustomerSummary, Profile, Value } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import { DEFAULT_CONTACT_STALE_DAYS, freshnessOf } from '../freshness/freshness.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import { rankOffers } from '../offers/next-best-offer.js';
import { createQuoteService } from '../offers/quotes.js';
import type { CustomerDoc } from './customer.model.js';

const RECENT_TRANSACTIONS = 10;
const RECENT_INTERACTIONS = 20;

const id = (v: unknown) => String(v);
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function toProfile(c: CustomerDoc, now = new Date(), contactStaleDays = DEFAULT_CONTACT_STALE_DAYS): Profile {
  return {
    id: id(c._id),
    kind: c.kind as Profile['kind'],
    displayName: c.displayName,
    firstName: opt(c.firstName),
    lastName: opt(c.lastName),
    companyName: opt(c.companyName),
    phones: c.phones.map((p) => ({ label: p.label ?? '', number: p.number })),
    emails: c.emails.map((e) => ({ label: e.label ?? '', address: e.address })),
    addresses: c.addresses.map((a) => ({
      label: a.label ?? '',
      line1: a.line1 ?? '',
      city: a.city ?? '',
      postcode: a.postcode ?? '',
      region: a.region ?? '',
      country: a.country ?? '',
    })),
    demographics: { ageBand: opt(c.demographics?.ageBand), incomeBand: opt(c.demographics?.incomeBand), occupation: opt(c.demographics?.occupation) },
    psychographics: { interests: c.psychographics?.interests ?? [], attitude: opt(c.psychographics?.attitude) },
    business: c.business
      ? {
          industry: opt(c.business.industry),
          employees: opt(c.business.employees),
          contractStatus: opt(c.business.contractStatus) as NonNullable<Profile['business']>['contractStatus'],
          shareOfWallet: opt(c.business.shareOfWallet),
          competitors: c.business.competitors ?? [],
          buyingPractices: opt(c.business.buyingPractices),
          buyingTeam: (c.business.buyingTeam ?? []).map((m) => ({ name: m.name ?? '', role: m.role ?? '', phone: opt(m.phone) })),
        }
      : undefined,
    timezone: c.timezone,
    purpose: c.purpose,
    freshness: freshnessOf(c, now, contactStaleDays),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

export function toSummary(c: Pick<CustomerDoc, '_id' | 'displayName' | 'kind' | 'phones' | 'emails' | 'addresses' | 'value'>): CustomerSummary {
  return {
    id: id(c._id),
    displayName: c.displayName,
    kind: c.kind as CustomerSummary['kind'],
    phone: c.phones?.[0]?.number,
    email: c.emails?.[0]?.address,
    city: c.addresses?.[0]?.city ?? undefined,
    segment: (c.value?.segment ?? undefined) as CustomerSummary['segment'],
  };
}

/**
 * Builds the whole customer picture from precomputed values: one read of the customer and one
 * indexed read per related collection, all in parallel, then related names and quotes, in parallel.
 * Nothing is recomputed from history here.
 */
export function createPictureService(models: Models, catalogue: CatalogueCache, options: { contactStaleDays?: number } = {}) {
  const quotes = createQuoteService(models);
  return {
    async build(customerId: string, now = new Date()): Promise<CustomerPicture> {
      if (!Types.ObjectId.isValid(customerId)) throw notFound('customer');
      const _id = new Types.ObjectId(customerId);
      const [customer, transactions, complaints, contacts, surveys, interactions, cat] = await Promise.all([
        models.Customer.findById(_id).lean<CustomerDoc>(),
        models.Transaction.find({ customerId: _id }).sort({ at: -1 }).limit(RECENT_TRANSACTIONS).lean(),
        models.Complaint.find({ customerId: _id }).sort({ openedAt: -1 }).lean(),
        models.CampaignContact.find({ customerId: _id }).sort({ at: -1 }).limit(20).lean(),
        models.Survey.find({ customerId: _id }).sort({ at: -1 }).limit(20).lean(),
        models.Interaction.find({ customerId: _id }).sort({ createdAt: -1 }).limit(RECENT_INTERACTIONS).lean(),
        catalogue.get(),
      ]);
      if (!customer) throw notFound('customer');
      const declined = new Map<string, Date>();
      for (const i of interactions)
        for (const o of i.offers ?? []) if (o.outcome === 'declined' && o.offerId && o.at) declined.set(o.offerId, o.at);

      const totals = customer.totals ?? { count: 0, spend: 0 };
      const value = customer.value?.segment ? (customer.value as unknown as Value) : null;
      const consents = customer.consents.map((c) => ({
        purpose: c.purpose as CustomerPicture['consents']['items'][number]['purpose'],
        channel: c.channel as CustomerPicture['consents']['items'][number]['channel'],
        granted: !!c.granted,
        source: c.source ?? 'unknown',
        at: c.at ?? customer.createdAt,
      }));

      // Both need only the customer: related names and quoted offers are read at the same time.
      const relatedIds = customer.relations.map((r) => r.customerId);
      const [relatedDocs, nextBestOffers] = await Promise.all([
        relatedIds.length ? models.Customer.find({ _id: { $in: relatedIds } }, { displayName: 1, kind: 1 }).lean() : [],
        // Offers are ranked from precomputed data, then carry the price quoted to this customer.
        quotes.apply(
          _id,
          rankOffers(
            {
              kind: customer.kind,
              owned: customer.owned ?? [],
              totalSpend: totals.spend ?? 0,
              atRisk: !!customer.value?.atRisk,
              segment: customer.value?.segment ?? undefined,
              consents,
              doNotCall: !!customer.doNotCall,
            },
            cat,
            declined,
            now,
          ),
          cat.offers,
          now,
        ),
      ]);
      const relatedById = new Map(relatedDocs.map((d) => [id(d._id), d]));
      const marketingChannels = consents.filter((c) => c.purpose === 'marketing');
      const csat = surveys.find((s) => s.type === 'csat');
      const nps = surveys.find((s) => s.type === 'nps');

      return {
        profile: toProfile(customer, now, options.contactStaleDays),
        related: customer.relations
          .map((r) => {
            const d = relatedById.get(id(r.customerId));
            return d ? { id: id(d._id), displayName: d.displayName, kind: d.kind as 'person' | 'business', relation: r.type as CustomerPicture['related'][number]['relation'] } : null;
          })
          .filter((x): x is NonNullable<typeof x> => !!x),
        transactions: {
          recent: transactions.map((t) => ({
            id: id(t._id),
            at: t.at,
            total: t.total,
            channel: t.channel,
            store: opt(t.store),
            items: t.items.map((i) => ({ sku: i.sku ?? '', name: i.name ?? '', category: i.category ?? '', qty: i.qty ?? 1, price: i.price ?? 0 })),
          })),
          totals: {
            count: totals.count ?? 0,
            spend: totals.spend ?? 0,
            averageBasket: totals.count ? Math.round(((totals.spend ?? 0) / totals.count) * 100) / 100 : 0,
            firstAt: opt(totals.firstAt),
            lastAt: opt(totals.lastAt),
          },
        },
        complaints: complaints.map((c) => ({
          id: id(c._id),
          customerId: id(c.customerId),
          subject: c.subject,
          category: c.category,
          severity: c.severity,
          status: c.status,
          owner: opt(c.owner),
          resolution: opt(c.resolution),
          openedAt: c.openedAt,
          updatedAt: c.updatedAt ?? c.openedAt,
          resolvedAt: opt(c.resolvedAt),
        })),
        preferences: {
          channel: opt(customer.preferences?.channel) as CustomerPicture['preferences']['channel'],
          contactTime: opt(customer.preferences?.contactTime) as CustomerPicture['preferences']['contactTime'],
          language: opt(customer.preferences?.language),
          productInterests: customer.preferences?.productInterests ?? [],
        },
        consents: {
          items: consents,
          doNotCall: !!customer.doNotCall,
          marketingOptOut: marketingChannels.length > 0 && marketingChannels.every((c) => !c.granted),
        },
        campaigns: contacts.map((c) => ({
          campaignId: id(c.campaignId),
          name: cat.campaigns.get(id(c.campaignId)) ?? 'campaign',
          channel: c.channel ?? '',
          at: c.at,
          response: c.response,
        })),
        satisfaction: {
          latestCsat: csat?.score,
          latestNps: nps?.score,
          history: surveys.map((s) => ({ type: s.type, score: s.score, at: s.at, comment: opt(s.comment) })),
        },
        value,
        interactions: interactions.map((i) => ({
          id: id(i._id),
          channel: i.channel,
          direction: i.direction,
          at: i.ringingAt ?? i.createdAt,
          agent: opt(i.agentName),
          disposition: opt(i.disposition),
          notes: opt(i.notes),
          state: i.state,
        })),
        nextBestOffers,
      };
    },
  };
}
export type PictureService = ReturnType<typeof createPictureService>;
