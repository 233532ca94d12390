import type { Models } from '../db/models.js';
import { type OfferDef, type ProductDef, type RuleStat, ruleKey } from './next-best-offer.js';

/**
 * Offers, products, category basket rules and campaign names are small and read on every pop: keep them in memory and
 * refresh them every `ttlMs` (30 s), so admins' edits show up without a restart. Not an LRU: it is one
 * value, served stale while it refreshes (a pop never waits for the catalogue after the first load).
 */
export function createCatalogueCache(models: Models, ttlMs = 30_000) {
  let loadedAt = 0;
  let loading: Promise<void> | undefined;
  let offers: OfferDef[] = [];
  let products = new Map<string, ProductDef>();
  let campaigns = new Map<string, string>();
  let rules = new Map<string, RuleStat>();

  async function load() {
    const [o, p, c, r] = await Promise.all([
      models.Offer.find({ active: true }).lean(),
      models.Product.find({}, { sku: 1, name: 1, category: 1, replacementMonths: 1, price: 1 }).lean(),
      models.Campaign.find({}, { name: 1 }).lean(),
      models.AssociationRule.find({ level: 'category' }, { antecedent: 1, consequent: 1, confidence: 1, lift: 1 }).lean(),
    ]);
    offers = o as unknown as OfferDef[];
    products = new Map((p as unknown as ProductDef[]).map((x) => [x.sku, x]));
    campaigns = new Map(c.map((x) => [String(x._id), x.name]));
    rules = new Map(r.map((x) => [ruleKey(x.antecedent, x.consequent), { confidence: x.confidence ?? 0, lift: x.lift ?? 0 }]));
    loadedAt = Date.now();
  }

  async function fresh() {
    if (Date.now() - loadedAt > ttlMs) {
      loading ??= load().finally(() => (loading = undefined));
      // Serve stale data while refreshing, except the very first time.
      if (loadedAt === 0) await loading;
    }
  }

  return {
    async get() {
      await fresh();
      return { offers, products, campaigns, rules };
    },
    invalidate() {
      loadedAt = 0;
    },
  };
}
export type CatalogueCache = ReturnType<typeof createCatalogueCache>;
