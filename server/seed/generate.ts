import { rfmInputs, scoreCustomers } from '../customers/rfm.js';
import { summarisePurchases } from '../customers/purchase-totals.js';
import { generateBusinesses } from './businesses.js';
import { generateCampaigns } from './campaigns.js';
import { buildOffers, buildProducts } from './catalogue.js';
import { newDirectory } from './contact.js';
import { searchTokensOf } from '../customers/search-terms.js';
import { generateComplaints, generateSurveys } from './feedback.js';
import { generatePeople } from './people.js';
import { DAY_MS, Rng } from './random.js';
import { generateTransactions, sortTransactions } from './transactions.js';
import type { DemoData, SeedCustomer, SeedTransaction } from './types.js';
import type { Locale } from '../../shared/i18n/locales.js';

export type { DemoData } from './types.js';

export interface GenerateOptions {
  /** PRNG seed: the same seed always gives the same data, byte for byte. */
  seed?: number;
  /** How many customers in all; about 15% of them are businesses. */
  customers?: number;
  /** The moment the data set is "as of": transactions cover the 12 months before it. */
  now?: Date;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'agent' | 'telemarketer' | 'supervisor' | 'admin';
  skills: readonly string[];
  /** The team supervisors filter the floor by. */
  team?: string;
  /** The console's language for this user (absent: their browser's). */
  language?: Locale;
}

/** The console's demo log-ins; seed.ts gives each the password "demo". */
export const DEMO_USERS = [
  { username: 'agent', displayName: 'Alex Morgan', role: 'agent', skills: ['sales', 'service'], team: 'inbound-north' },
  { username: 'agent2', displayName: 'Priya Shah', role: 'agent', skills: ['service'], team: 'inbound-south' },
  { username: 'telemarketer', displayName: 'Tom Becker', role: 'telemarketer', skills: ['sales'], team: 'outbound' },
  { username: 'supervisor', displayName: 'Dana Ionescu', role: 'supervisor', skills: [] },
  { username: 'admin', displayName: 'Admin', role: 'admin', skills: [] },
  // One agent per console language, each on the language's queue (the demo simulator calls it from
  // customers of the language's country: see LANGUAGE_QUEUES in server/demo/simulator.ts).
  { username: 'agent-en', displayName: 'Oliver Bennett', role: 'agent', skills: ['en'], team: 'languages', language: 'en' },
  { username: 'agent-fa', displayName: 'نگار رحیمی', role: 'agent', skills: ['fa'], team: 'languages', language: 'fa' },
  { username: 'agent-zh', displayName: '李娜', role: 'agent', skills: ['zh'], team: 'languages', language: 'zh-CN' },
  { username: 'agent-ro', displayName: 'Ioana Munteanu', role: 'agent', skills: ['ro'], team: 'languages', language: 'ro' },
  { username: 'agent-hu', displayName: 'Kovács Eszter', role: 'agent', skills: ['hu'], team: 'languages', language: 'hu' },
] as const satisfies ReadonlyArray<DemoUser>;

export const DEFAULT_NOW = new Date('2026-11-01T12:00:00Z');

/** Transactions per customer id, oldest first. */
function byCustomer(transactions: SeedTransaction[]): Map<string, SeedTransaction[]> {
  const map = new Map<string, SeedTransaction[]>();
  for (const t of transactions) {
    const key = t.customerId.toHexString();
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(t);
  }
  return map;
}

/**
 * Writes what the screen pop reads precomputed into each customer: totals, what they own (latest purchase
 * per SKU), RFM value as of `now`, and when the record last changed.
 */
function summarise(customers: SeedCustomer[], history: Map<string, SeedTransaction[]>, now: Date) {
  const inputs = customers.map((c) => rfmInputs(history.get(c._id.toHexString()) ?? [], now));
  const values = scoreCustomers(inputs, now);
  customers.forEach((customer, i) => {
    const bought = history.get(customer._id.toHexString()) ?? [];
    const { totals, owned } = summarisePurchases(bought);
    customer.owned = owned;
    customer.totals = totals;
    customer.value = values[i];
    const touched = [customer.createdAt, ...customer.consents.map((c) => c.at), ...(customer.totals.lastAt ? [customer.totals.lastAt] : [])];
    customer.updatedAt = new Date(Math.max(...touched.map((d) => d.getTime())));
    customer.searchTokens = searchTokensOf(customer);
  });
}

/**
 * Generates the whole demo data set as plain documents for `insertMany`, keyed by collection. Pure: no I/O,
 * no clock, no Math.random — everything comes from the seeded PRNG and `now`.
 */
export function generateDemoData(opts: GenerateOptions = {}): DemoData {
  const { seed = 42, customers: total = 2000, now = DEFAULT_NOW } = opts;
  const rng = new Rng(seed);
  const dir = newDirectory();
  const catalogueSince = new Date(now.getTime() - 400 * DAY_MS);
  const products = buildProducts(rng.fork('products'), catalogueSince);
  const offers = buildOffers(rng.fork('offers'), catalogueSince);

  const businessCount = Math.round(total * 0.15);
  const people = generatePeople(rng.fork('people'), dir, now, total - businessCount);
  const businesses = generateBusinesses(rng.fork('businesses'), dir, now, businessCount, people);
  const customers = [...people, ...businesses];
  customers.forEach((c, i) => (c.externalId = `CUST-${String(i + 1).padStart(6, '0')}`));

  const transactions = generateTransactions(rng.fork('transactions'), customers, now);
  const campaigns = generateCampaigns(rng.fork('campaigns'), customers, byCustomer(transactions), offers, now);
  const all = sortTransactions([...transactions, ...campaigns.purchases]);
  const history = byCustomer(all);
  summarise(customers, history, now);

  const complaints = generateComplaints(rng.fork('complaints'), customers, history, now);
  const surveys = generateSurveys(rng.fork('surveys'), customers, history, complaints, now);
  return {
    customers,
    products,
    offers,
    transactions: all,
    complaints,
    campaigns: campaigns.campaigns,
    campaignContacts: campaigns.contacts,
    surveys,
  };
}
