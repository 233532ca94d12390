import { Types } from 'mongoose';
import type { CustomerCreate, CustomerSearchResult, PreferencesUpdate } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import { createOnce } from '../db/create-once.js';
import { badRequest, conflict, notFound, refused } from '../http/errors.js';
import type { CustomerDoc } from './customer.model.js';
import { looksLikeEmail, normalisePhone } from './phone.js';
import { searchFilterOf, searchTokensOf } from './search-terms.js';
import { toSummary } from './picture.service.js';
import { applyConsent, type StoredConsent } from './consent.js';
import { createCallerLookup } from './caller-lookup.js';

/**
 * What a search's list shows of a customer (toSummary): the first phone, e-mail and address and the
 * segment. Only those are read back: whole lists and value figures were two thirds of each page's bytes.
 */
const SUMMARY_FIELDS = { displayName: 1, kind: 1, phones: { $slice: 1 }, emails: { $slice: 1 }, addresses: { $slice: 1 }, 'value.segment': 1 } as const;
/** Counting stops here: the list shows "1,000 or more". */
export const SEARCH_COUNT_CAP = 1000;


export interface Identification {
  customerId: Types.ObjectId | null;
  candidateIds: Types.ObjectId[];
  /** The identified customer's name (for the supervisors' feed, sparing it a lookup). */
  customerName?: string;
}

/** The 409 of a stale preferences save: what the customer's preferences and consent are now. */
function stalePreferences(c: CustomerDoc) {
  return refused('CHANGED_MEANWHILE', 'the customer changed meanwhile; review the current values and reapply', undefined, {
    version: c.version,
    current: {
      preferences: c.preferences ?? {},
      consents: c.consents.map((x) => ({ purpose: x.purpose, channel: x.channel, granted: !!x.granted, source: x.source, at: x.at })),
      doNotCall: !!c.doNotCall,
    },
  });
}

export function createCustomerService(models: Models) {
  const { Customer } = models;
  const callers = createCallerLookup(Customer.collection);
  return {
    /** Who is calling: by normalised phone for voice, by e-mail (or phone) for chat. */
    async identify(from: string): Promise<Identification> {
      let matches: Array<{ _id: Types.ObjectId; displayName: string }> = [];
      if (looksLikeEmail(from)) matches = await callers.byEmail(from.trim().toLowerCase());
      else {
        const phone = normalisePhone(from);
        if (phone) matches = await callers.byPhone(phone);
      }
      if (matches.length === 1) return { customerId: matches[0]._id, candidateIds: [], customerName: matches[0].displayName };
      return { customerId: null, candidateIds: matches.map((m) => m._id) };
    },

    /**
     * Search by phone, e-mail or the start of words of the name, e-mails and phone digits; every
     * form is answered from an index. The total is counted up to SEARCH_COUNT_CAP ("1,000 or more"):
     * a one-letter search must not count a third of the customers on every keystroke. A page that is
     * not full is the total: the count (a second pass over the candidates) is made only for a full one,
     * so a phone or e-mail search (one customer, most often) is one command, not two.
     */
    async search(q: string, limit: number): Promise<CustomerSearchResult> {
      const phone = /^[+\d][\d\s().-]{5,}$/.test(q) ? normalisePhone(q) : null;
      const filter = phone ? { 'phones.number': phone } : looksLikeEmail(q) ? { 'emails.address': q.trim().toLowerCase() } : searchFilterOf(q);
      if (!filter) return { items: [], total: 0 };
      const items = await Customer.find(filter, SUMMARY_FIELDS).sort({ displayName: 1 }).limit(limit).lean<CustomerDoc[]>();
      const total = items.length < limit ? items.length : await Customer.countDocuments(filter, { limit: SEARCH_COUNT_CAP });
      return { items: items.map(toSummary), total };
    },

    /**
     * `id`: the customer's id when the request may be a retry (an Idempotency-Key's `idempotentId`): a
     * customer stored under it by an earlier try that failed afterwards is returned, not stored twice.
     */
    async create(input: CustomerCreate, by: string, id?: Types.ObjectId) {
      const phone = input.phone ? normalisePhone(input.phone) : null;
      const displayName = input.kind === 'business' ? input.companyName! : [input.firstName, input.lastName].filter(Boolean).join(' ');
      const now = new Date();
      const doc = {
        kind: input.kind,
        firstName: input.firstName,
        lastName: input.lastName,
        companyName: input.companyName,
        displayName,
        phones: phone ? [{ label: 'main', number: phone }] : [],
        emails: input.email ? [{ label: 'main', address: input.email.toLowerCase() }] : [],
        // Consent is not assumed: service contact only, recorded as given on this call.
        consents: [{ purpose: 'service', channel: 'phone', granted: true, source: `agent:${by}`, at: now }],
      };
      return (await createOnce<CustomerDoc>(Customer, { ...doc, searchTokens: searchTokensOf(doc) }, id)).doc;
    },

    /**
     * An unknown caller is this customer: their number (or a chat visitor's e-mail) is added, so the
     * next call from it is identified. `added` is null when the customer already had it.
     */
    async addCallerContact(customerId: string, from: string): Promise<{ customer: CustomerDoc; added: 'phone' | 'email' | null }> {
      const email = looksLikeEmail(from) ? from.trim().toLowerCase() : null;
      const phone = email ? null : normalisePhone(from);
      if (!email && !phone) throw badRequest('the caller’s number is withheld or not a phone number: there is nothing to add to the customer', undefined, 'NOTHING_TO_ADD');
      const c = await Customer.findById(customerId).lean<CustomerDoc>();
      if (!c) throw notFound('customer');
      if (email ? c.emails.some((e) => e.address === email) : c.phones.some((p) => p.number === phone)) return { customer: c, added: null };
      const phones = phone ? [...c.phones, { label: 'caller', number: phone }] : c.phones;
      const emails = email ? [...c.emails, { label: 'chat', address: email }] : c.emails;
      // Optimistic: the lists are rewritten whole (with their search tokens), so only over the version read.
      const saved = await Customer.findOneAndUpdate(
        { _id: c._id, version: c.version },
        { $set: { phones, emails, searchTokens: searchTokensOf({ displayName: c.displayName, phones, emails }) }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<CustomerDoc>();
      if (!saved) throw conflict('the customer changed meanwhile; try again', undefined, 'CHANGED_MEANWHILE');
      return { customer: saved, added: email ? 'email' : 'phone' };
    },

    /** Applies preference and consent changes, stamping each consent with its source and time. */
    async updatePreferences(customerId: string, input: PreferencesUpdate, by: string) {
      const customer = await Customer.findById(customerId).lean<CustomerDoc>();
      if (!customer) throw notFound('customer');
      if (input.expectedVersion !== undefined && input.expectedVersion !== customer.version) throw stalePreferences(customer);
      const now = new Date();
      const set: Record<string, unknown> = {};
      const before: Record<string, unknown> = {};
      if (input.preferences) {
        for (const [k, v] of Object.entries(input.preferences)) {
          set[`preferences.${k}`] = v;
          before[`preferences.${k}`] = (customer.preferences as Record<string, unknown> | undefined)?.[k];
        }
      }
      if (input.consents) {
        let consents: StoredConsent[] = customer.consents;
        for (const c of input.consents) consents = applyConsent(consents, c, now, `agent:${by}`);
        set.consents = consents;
        before.consents = customer.consents;
      }
      if (input.doNotCall !== undefined) {
        set.doNotCall = input.doNotCall;
        before.doNotCall = customer.doNotCall;
      }
      // Optimistic: the write only lands on the version we read.
      const res = await Customer.updateOne({ _id: customer._id, version: customer.version }, { $set: set, $inc: { version: 1 } });
      if (res.matchedCount === 0) {
        const current = await Customer.findById(customerId).lean<CustomerDoc>();
        throw current ? stalePreferences(current) : notFound('customer');
      }
      return { before, after: set };
    },

    exists: (id: string) => Customer.exists({ _id: new Types.ObjectId(id) }),
  };
}
export type CustomerService = ReturnType<typeof createCustomerService>;
