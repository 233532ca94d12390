import { DAY_MS, type Rng } from './random.js';
import type { ContactChannel, SeedCustomer } from './types.js';

/*
 * Pieces of a customer record shared by people and businesses: when they joined, what they care about,
 * how they like to be contacted, and the empty fields the generator fills in after transactions.
 */

/** Interests, and the product categories each one makes a customer likelier to buy. */
export const INTEREST_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  cooking: ['dishwashers', 'fridges', 'microwaves', 'kettles'],
  coffee: ['coffee-machines', 'coffee-beans'],
  'home-cinema': ['tvs', 'wall-mounts', 'hdmi-cables'],
  gaming: ['tvs', 'laptops', 'hdmi-cables'],
  tech: ['laptops', 'printers'],
  'working-from-home': ['laptops', 'printers', 'coffee-machines'],
  'clean-home': ['vacuum-cleaners', 'washing-machines', 'tumble-dryers'],
  family: ['washing-machines', 'tumble-dryers', 'dishwashers', 'fridges'],
  sustainability: ['dishwashers', 'washing-machines'],
  gardening: [],
  travel: [],
  fitness: [],
  reading: [],
};
const INTERESTS = Object.keys(INTEREST_CATEGORIES);

export const ATTITUDES = [
  ['advocate', 15],
  ['loyal', 25],
  ['neutral', 35],
  ['price-sensitive', 20],
  ['detractor', 5],
] as const;

/** When the customer joined: about one in eight within the last year, the rest up to 14 years ago. */
export function customerSince(rng: Rng, now: Date): Date {
  if (rng.chance(0.12)) return rng.daysBefore(now, 10, 330);
  const years = 1 + 13 * rng.next() ** 1.6;
  return new Date(Math.floor((now.getTime() - years * 365 * DAY_MS) / 1000) * 1000);
}

/** 1–4 interests, and the categories they point at (the customer's stated product interests). */
export function interestsFor(rng: Rng): { interests: string[]; productInterests: string[] } {
  const interests = rng.sample(INTERESTS, rng.int(1, 4)).sort();
  const productInterests = [...new Set(interests.flatMap((i) => INTEREST_CATEGORIES[i]))].sort();
  return { interests, productInterests };
}

export function preferredChannel(rng: Rng, business: boolean): ContactChannel {
  return business
    ? rng.weighted([['email', 55], ['phone', 40], ['post', 5]] as const)
    : rng.weighted([['email', 40], ['phone', 25], ['sms', 25], ['post', 10]] as const);
}

export function contactTime(rng: Rng, business: boolean) {
  return business
    ? rng.weighted([['morning', 50], ['afternoon', 40], ['any', 10]] as const)
    : rng.weighted([['morning', 20], ['afternoon', 20], ['evening', 35], ['any', 25]] as const);
}

/** The fields every generated customer starts with before transactions are summarised into it. */
export function blankActivity(): Pick<SeedCustomer, 'relations' | 'totals' | 'owned' | 'version' | 'purpose' | 'searchTokens' | 'externalId'> {
  return { externalId: '', relations: [], totals: { count: 0, spend: 0 }, owned: [], version: 0, purpose: 'customer-service', searchTokens: [] };
}

/** Links two customers both ways, e.g. ('spouse','spouse') or ('employer','employee'). */
export function relate(a: SeedCustomer, aSeesB: SeedCustomer['relations'][number]['type'], b: SeedCustomer, bSeesA: typeof aSeesB) {
  a.relations.push({ customerId: b._id, type: aSeesB });
  b.relations.push({ customerId: a._id, type: bSeesA });
}
