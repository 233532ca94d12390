import { Types } from 'mongoose';
import { customerCurrency } from '../../shared/i18n/currency.js';
import type { CustomerKind, CustomerPicture, CustomerSummary, Profile, Value } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import { groupedBy, oneEach, batchedPerTurn } from '../db/batched-per-turn.js';
import { notFound } from '../http/errors.js';
import { DEFAULT_CONTACT_STALE_DAYS, freshnessOf } from '../freshness/freshness.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import { nextBestOffers as rankOffers } from '../offers/next-best-offer.js';
import { createQuoteService } from '../offers/quotes.js';
import type { CustomerDoc } from './customer.model.js';
import { averageBasket } from './purchase-totals.js';
import type { PictureSnapshotDoc } from './picture-snapshot.model.js';
import { createPictureSnapshots, isCurrent, type PictureParts } from './picture-snapshots.js';
import { createRecentHistory } from './recent-history.js';

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
    currency: opt(c.currency) ?? undefined,
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
 * Builds the whole customer picture from precomputed values. One round of reads, in parallel: the
 * customer, the picture's read model (purchases, complaints, contacts, surveys, related names), the
 * interaction history and the customer's quotes. Only when the read model has no current snapshot
 * are its parts read from their collections (and stored for the next pop). Nothing is recomputed
 * from history here.
 */
export function createPictureService(models: Models, catalogue: CatalogueCache, options: { contactStaleDays?: number } = {}) {
  const quotes = createQuoteService(models);
  const snapshots = createPictureSnapshots(models);
  // The reads by customer of the pops of one turn (a busy floor pops ~50 a second), one command each.
  type Ids = readonly Types.ObjectId[];
  const customersById = batchedPerTurn(async (ids: Ids) => oneEach(ids, await models.Customer.find({ _id: { $in: ids } }).lean<CustomerDoc[]>(), (c) => c._id));
  const snapshotsById = batchedPerTurn(async (ids: Ids) => oneEach(ids, await models.PictureSnapshot.find({ _id: { $in: ids } }).lean<PictureSnapshotDoc[]>(), (p) => p._id));
  const quotesOf = batchedPerTurn(async (ids: Ids) =>
    groupedBy(ids, await models.Quote.find({ customerId: { $in: ids } }, { customerId: 1, offerCode: 1, price: 1, expiresAt: 1 }).lean(), (q) => q.customerId),
  );
  const historyOf = createRecentHistory(models.Interaction);

  return {
    async build(customerId: string, now = new Date()): Promise<CustomerPicture> {
      if (!Types.ObjectId.isValid(customerId)) throw notFound('customer');
      const _id = new Types.ObjectId(customerId);
      const [customer, snapshot, interactions, quoted, cat] = await Promise.all([
        customersById(_id),
        snapshotsById(_id),
        historyOf(_id),
        quotesOf(_id),
        catalogue.get(),
      ]);
      if (!customer) throw notFound('customer');
      let parts: PictureParts;
      if (isCurrent(snapshot, customer)) parts = snapshot.data;
      else {
        parts = (await snapshots.readParts([customer])).get(String(_id))!;
        // Not awaited: the pop goes out now; a snapshot that fails to store is simply rebuilt next time.
        void snapshots.store([{ owner: customer, seen: snapshot, parts }]).catch(() => {});
      }
      const { transactions, complaints, contacts, surveys } = parts;
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

      // The customer contacted us when a call or chat of theirs is live: `no-objection` offers may be shown.
      const contactedUs = interactions.some((i) => i.direction === 'inbound' && i.state !== 'ended');
      const openComplaints = complaints.filter((c) => c.status !== 'resolved').map((c) => ({ id: id(c._id), severity: c.severity }));
      // Offers are ranked from precomputed data, then carry the price quoted to this customer.
      const ranked = rankOffers(
        {
          kind: customer.kind,
          owned: customer.owned ?? [],
          totalSpend: totals.spend ?? 0,
          lastPurchaseAt: totals.lastAt,
          atRisk: !!customer.value?.atRisk,
          segment: customer.value?.segment ?? undefined,
          consents,
          doNotCall: !!customer.doNotCall,
          contactedUs,
          openComplaints,
        },
        cat,
        declined,
        now,
      );
      const nextBestOffers = await quotes.apply(_id, ranked.offers, cat.offers, now, quoted);
      const relatedById = new Map(parts.related.map((d) => [id(d._id), d]));
      const marketingChannels = consents.filter((c) => c.purpose === 'marketing');
      const csat = surveys.find((s) => s.type === 'csat');
      const nps = surveys.find((s) => s.type === 'nps');

      return {
        profile: toProfile(customer, now, options.contactStaleDays),
        currency: customerCurrency({ currency: customer.currency, country: customer.addresses[0]?.country }),
        related: customer.relations
          .map((r) => {
            const d = relatedById.get(id(r.customerId));
            return d ? { id: id(d._id), displayName: d.displayName, kind: d.kind as CustomerKind, relation: r.type as CustomerPicture['related'][number]['relation'] } : null;
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
            averageBasket: averageBasket(totals),
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
        offerNotice: ranked.notice,
      };
    },

    /** Builds the read model's missing and old snapshots (at start-up), with progress. */
    warm: snapshots.warm,
  };
}
export type PictureService = ReturnType<typeof createPictureService>;
