import { CATALOGUE, type CatalogueProduct, COMPLEMENT_PAIRS, DURABLE_CATEGORIES, productBySku, productsIn, RESTOCK_DAYS } from './catalogue.js';
import { type Country, LOCALES } from './locales.js';
import { DAY_MS, type Rng } from './random.js';
import type { SeedCustomer, SeedItem, SeedTransaction } from './types.js';

/*
 * A purchase simulation, customer by customer. Before the 12-month window a customer may have bought a few
 * appliances (with what goes with them); inside it they shop at a rate set by an engagement tier, and each
 * basket mixes restocking the consumables of what they own, the odd new appliance with its complements,
 * and a little random everyday shopping. That gives real co-purchase patterns and a long-tailed frequency.
 */

const WINDOW_DAYS = 365;
const TIERS = {
  none: [0, 0],
  light: [1, 6],
  regular: [6, 18],
  heavy: [18, 40],
  champion: [40, 100],
} as const satisfies Record<string, readonly [number, number]>;
type Tier = keyof typeof TIERS;
const PERSON_TIERS: ReadonlyArray<readonly [Tier, number]> = [['none', 10], ['light', 40], ['regular', 30], ['heavy', 15], ['champion', 5]];
const BUSINESS_TIERS: ReadonlyArray<readonly [Tier, number]> = [['none', 8], ['light', 20], ['regular', 32], ['heavy', 28], ['champion', 12]];
const ATTITUDE_FACTOR: Record<string, number> = { advocate: 1.4, loyal: 1.2, neutral: 1, 'price-sensitive': 0.8, detractor: 0.6 };

const BIG_APPLIANCES = new Set(['dishwashers', 'washing-machines', 'fridges', 'tumble-dryers']);
/** What anyone might pick up on a trip, owner of the matching appliance or not: the base rate. */
const EVERYDAY = [...new Set(CATALOGUE.filter((p) => !p.replacementMonths && !['care-plans', 'services'].includes(p.category)).map((p) => p.category))];
const MAX_ITEMS = 4;

const money = (n: number) => Math.round(n * 100) / 100;
const monthsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / (30.44 * DAY_MS);

/** Builds one transaction document, totalling its items. */
export function transactionOf(
  rng: Rng,
  customer: SeedCustomer,
  at: Date,
  items: SeedItem[],
  channel: SeedTransaction['channel'],
  store?: string,
): SeedTransaction {
  const total = money(items.reduce((sum, i) => sum + i.qty * i.price, 0));
  return { _id: rng.objectId(at), customerId: customer._id, at, items, total, channel, ...(channel === 'store' && store ? { store } : {}) };
}

/** One line of a basket at list price, or at a promotion's price now and then. */
export function itemOf(rng: Rng, product: CatalogueProduct, qty = 1, promo = 0.08): SeedItem {
  const discount = rng.chance(promo) ? rng.pick([0.1, 0.15, 0.2]) : 0;
  return { sku: product.sku, name: product.name, category: product.category, qty, price: money(product.price * (1 - discount)) };
}

/** The customer's home store and the other stores of their country. */
export function storesFor(customer: SeedCustomer): { home: string; others: string[] } {
  const address = customer.addresses[0];
  const cities = LOCALES[address.country as Country].cities;
  const home = (cities.find((c) => c.name === address.city) ?? cities[0]).store;
  return { home, others: cities.map((c) => c.store).filter((s) => s !== home) };
}

/** One customer's shopping state while their history is simulated. */
class Shopper {
  /** Durable category → when it was last bought. */
  readonly owned = new Map<string, Date>();
  /** Brand loyalty: the product a customer usually picks in a category. */
  private readonly favourite = new Map<string, CatalogueProduct>();
  /** Complements the customer meant to buy with an appliance but bought on a later trip. */
  private pending: string[] = [];
  readonly business: boolean;
  readonly stores: { home: string; others: string[] };
  readonly transactions: SeedTransaction[] = [];

  constructor(
    readonly rng: Rng,
    readonly customer: SeedCustomer,
  ) {
    this.business = customer.kind === 'business';
    this.stores = storesFor(customer);
  }

  private productIn(category: string): CatalogueProduct {
    const fav = this.favourite.get(category);
    if (fav && this.rng.chance(0.8)) return fav;
    const product = this.rng.pick(productsIn(category));
    if (!fav) this.favourite.set(category, product);
    return product;
  }

  /** The appliance category this customer buys next: one they lack or have outgrown, their interests first. */
  private nextDurable(at: Date): string | undefined {
    const interests = new Set(this.customer.preferences.productInterests);
    const choices = DURABLE_CATEGORIES.flatMap((category): Array<[string, number]> => {
      const since = this.owned.get(category);
      const age = since ? monthsBetween(since, at) : Infinity;
      const dueAt = productsIn(category)[0].replacementMonths!;
      if (since && age < dueAt && !this.business) return [];
      return [[category, (interests.has(category) ? 3 : 1) * (since && age >= dueAt ? 3 : 1)]];
    });
    return choices.length ? this.rng.weighted(choices) : undefined;
  }

  /** Consumables of appliances the customer owns, weighted by how often each runs out. */
  private restockChoices(): Array<[string, number]> {
    return COMPLEMENT_PAIRS.filter((p) => this.owned.has(p.from) && RESTOCK_DAYS[p.to]).map((p) => [p.to, 30 / RESTOCK_DAYS[p.to]]);
  }

  private add(items: Map<string, SeedItem>, product: CatalogueProduct, durable = false): boolean {
    const existing = items.get(product.sku);
    if (existing) {
      existing.qty++;
      return true;
    }
    if (items.size >= MAX_ITEMS) return false;
    const qty = durable
      ? this.business && this.rng.chance(0.4) ? this.rng.int(2, 5) : 1
      : this.business ? this.rng.int(1, 6) : this.rng.weighted([[1, 70], [2, 20], [3, 10]] as const);
    items.set(product.sku, itemOf(this.rng, product, qty, this.customer.psychographics.attitude === 'price-sensitive' ? 0.2 : 0.08));
    return true;
  }

  /** Buys an appliance; most owners take its complements now, some on a later trip. */
  private buyDurable(items: Map<string, SeedItem>, category: string, at: Date, allowDeferral: boolean) {
    this.add(items, this.productIn(category), true);
    this.owned.set(category, at);
    for (const pair of COMPLEMENT_PAIRS.filter((p) => p.from === category)) {
      if (!this.rng.chance(pair.rate)) continue;
      const now = !allowDeferral || this.rng.chance(0.7);
      if (!(now && this.add(items, this.productIn(pair.to)))) this.pending.push(pair.to);
    }
    if (BIG_APPLIANCES.has(category) && this.rng.chance(0.3)) this.add(items, productBySku('AP-INS')!);
    if (this.rng.chance(0.12)) this.add(items, productBySku('AP-SUR')!);
  }

  private record(at: Date, items: Map<string, SeedItem>) {
    if (items.size === 0) return;
    const channel = this.business
      ? this.rng.weighted([['web', 50], ['phone', 30], ['store', 20]] as const)
      : this.rng.weighted([['store', 50], ['web', 40], ['phone', 10]] as const);
    const store = this.rng.chance(0.8) || this.stores.others.length === 0 ? this.stores.home : this.rng.pick(this.stores.others);
    this.transactions.push(transactionOf(this.rng, this.customer, at, [...items.values()], channel, store));
  }

  /** An appliance bought before the window, with what came with it there and then. */
  historicPurchase(at: Date) {
    const category = this.nextDurable(at);
    if (!category) return;
    const items = new Map<string, SeedItem>();
    this.buyDurable(items, category, at, false);
    this.record(at, items);
  }

  /** One shopping trip inside the window. */
  trip(at: Date) {
    const items = new Map<string, SeedItem>();
    const size = this.rng.weighted([[1, 45], [2, 30], [3, 17], [4, 8]] as const);
    const deferred = this.pending;
    this.pending = [];
    for (const category of deferred) if (!this.add(items, this.productIn(category))) this.pending.push(category);
    let boughtDurable = false;
    while (items.size < size) {
      if (!boughtDurable && this.rng.chance(this.business ? 0.1 : 0.08)) {
        const category = this.nextDurable(at);
        if (category) {
          this.buyDurable(items, category, at, true);
          boughtDurable = true;
          continue;
        }
      }
      const restock = this.restockChoices();
      const category = restock.length && this.rng.chance(0.8) ? this.rng.weighted(restock) : this.rng.pick(EVERYDAY);
      this.add(items, this.productIn(category));
    }
    this.record(at, items);
  }
}

/** Spreads `n` sorted dates over [from, to]. */
function datesBetween(rng: Rng, n: number, from: Date, to: Date): Date[] {
  return Array.from({ length: n }, () => rng.dateBetween(from, to)).sort((a, b) => a.getTime() - b.getTime());
}

/** One customer's purchase history: appliances from before the window, then a year of shopping trips. */
export function simulateCustomer(rng: Rng, customer: SeedCustomer, now: Date): SeedTransaction[] {
  const shopper = new Shopper(rng, customer);
  const business = customer.kind === 'business';
  const windowStart = new Date(now.getTime() - WINDOW_DAYS * DAY_MS);
  if (customer.createdAt < windowStart) {
    const count = rng.weighted(business ? ([[0, 15], [1, 30], [2, 30], [3, 25]] as const) : ([[0, 30], [1, 35], [2, 22], [3, 13]] as const));
    for (const at of datesBetween(rng, count, customer.createdAt, new Date(windowStart.getTime() - DAY_MS))) shopper.historicPurchase(at);
  }
  const tier = rng.weighted(business ? BUSINESS_TIERS : PERSON_TIERS);
  const isNew = customer.createdAt >= windowStart;
  if (tier === 'none' && !isNew) return shopper.transactions;
  const [min, max] = TIERS[tier === 'none' ? 'light' : tier];
  const rate = rng.float(min, max) * (ATTITUDE_FACTOR[customer.psychographics.attitude ?? 'neutral'] ?? 1);
  const start = isNew ? customer.createdAt : windowStart;
  // Some customers drift away part-way through the year: they become the at-risk and hibernating segments.
  const stop = rng.chance(0.18) ? new Date(start.getTime() + (now.getTime() - start.getTime()) * rng.float(0.15, 0.7)) : now;
  const trips = rng.poisson((rate * (stop.getTime() - start.getTime())) / (WINDOW_DAYS * DAY_MS));
  // A new customer became one by buying something.
  for (const at of datesBetween(rng, isNew ? Math.max(1, trips) : trips, start, stop)) shopper.trip(at);
  return shopper.transactions;
}

/** Every customer's transactions, ordered by time (ties by id) as a transaction log would be. */
export function generateTransactions(rng: Rng, customers: SeedCustomer[], now: Date): SeedTransaction[] {
  const all = customers.flatMap((c) => simulateCustomer(rng.fork(c.externalId), c, now));
  return sortTransactions(all);
}

/** Sorts in place by time, then id, so the order never depends on how the list was assembled. */
export function sortTransactions(transactions: SeedTransaction[]): SeedTransaction[] {
  const keyed = transactions.map((t) => ({ t, at: t.at.getTime(), id: t._id.toHexString() }));
  keyed.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  keyed.forEach((k, i) => (transactions[i] = k.t));
  return transactions;
}
