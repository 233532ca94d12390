import type { OfferConsentRule, OfferPriceKind, OfferPurpose } from '../../shared/schemas/enums.js';
import type { Rng } from './random.js';
import type { SeedOffer, SeedProduct } from './types.js';

/** A catalogue entry before it gets a database id. Prices are in the retailer's one price-list currency. */
export interface CatalogueProduct {
  sku: string;
  name: string;
  category: string;
  price: number;
  /** Months after which an owner is due a replacement reminder; absent for consumables and accessories. */
  replacementMonths?: number;
}

const durable = (sku: string, name: string, category: string, price: number, replacementMonths: number): CatalogueProduct => ({
  sku,
  name,
  category,
  price,
  replacementMonths,
});
const item = (sku: string, name: string, category: string, price: number): CatalogueProduct => ({ sku, name, category, price });

/** The demo retailer's range: household appliances, home electronics and what they consume. */
export const CATALOGUE: readonly CatalogueProduct[] = [
  durable('DW-100', 'Bosch Serie 2 dishwasher 60 cm', 'dishwashers', 449, 120),
  durable('DW-200', 'Miele G 5110 SC dishwasher', 'dishwashers', 799, 120),
  durable('DW-300', 'Beko slimline dishwasher 45 cm', 'dishwashers', 329, 120),
  item('DT-040', 'Finish Quantum dishwasher tablets x40', 'dishwasher-tablets', 11.99),
  item('DT-100', 'Finish Ultimate dishwasher tablets x100', 'dishwasher-tablets', 24.99),
  item('DT-ECO', 'Ecover eco dishwasher tablets x70', 'dishwasher-tablets', 14.49),
  durable('WM-100', 'Samsung EcoBubble washing machine 8 kg', 'washing-machines', 499, 120),
  durable('WM-200', 'LG AI DD washing machine 10 kg', 'washing-machines', 649, 120),
  durable('WM-300', 'Indesit washing machine 7 kg', 'washing-machines', 279, 120),
  item('DG-LIQ', 'Persil bio liquid detergent 2 l', 'detergent', 9.99),
  item('DG-POD', 'Ariel all-in-1 pods x60', 'detergent', 17.49),
  item('DG-SEN', 'Surcare sensitive detergent 1.5 l', 'detergent', 7.99),
  durable('FR-100', 'Hotpoint fridge freezer 70/30', 'fridges', 549, 144),
  durable('FR-200', 'Samsung American-style fridge freezer with water dispenser', 'fridges', 1299, 144),
  durable('FR-300', 'Liebherr under-counter fridge', 'fridges', 399, 144),
  item('WF-BRT', 'Brita Maxtra Pro filter cartridges x3', 'water-filters', 19.99),
  item('WF-SAM', 'Samsung HAF-QIN fridge water filter', 'water-filters', 39.99),
  durable('CM-100', 'De\'Longhi Magnifica S bean-to-cup coffee machine', 'coffee-machines', 349, 60),
  durable('CM-200', 'Sage Barista Express espresso machine', 'coffee-machines', 599, 60),
  durable('CM-300', 'Nespresso Vertuo Next capsule machine', 'coffee-machines', 129, 60),
  item('CB-ESP', 'Lavazza Super Crema espresso beans 1 kg', 'coffee-beans', 18.99),
  item('CB-ORG', 'Union organic house blend beans 1 kg', 'coffee-beans', 22.49),
  item('CB-DEC', 'Decaf Colombia beans 500 g', 'coffee-beans', 9.99),
  item('DS-UNI', 'Universal coffee machine descaler 500 ml', 'descaler', 8.99),
  item('DS-DLG', 'De\'Longhi EcoDecalk descaler 2-pack', 'descaler', 14.99),
  durable('VC-100', 'Dyson V11 cordless vacuum cleaner', 'vacuum-cleaners', 499, 72),
  durable('VC-200', 'Miele Complete C3 bagged vacuum cleaner', 'vacuum-cleaners', 329, 72),
  durable('VC-300', 'Henry HVR160 bagged vacuum cleaner', 'vacuum-cleaners', 149, 72),
  item('VB-MIE', 'Miele HyClean GN vacuum bags x4', 'vacuum-bags', 12.99),
  item('VB-HEN', 'Henry HepaFlo vacuum bags x10', 'vacuum-bags', 14.99),
  durable('PR-100', 'HP OfficeJet Pro 9010 printer', 'printers', 229, 60),
  durable('PR-200', 'Brother HL-L3270 colour laser printer', 'printers', 299, 60),
  durable('PR-300', 'Canon PIXMA TS5150 home printer', 'printers', 79, 60),
  item('IK-HPB', 'HP 963XL black ink cartridge', 'ink', 39.99),
  item('IK-HPC', 'HP 963 colour ink multipack', 'ink', 54.99),
  item('IK-BRT', 'Brother TN-247 toner set', 'ink', 189.99),
  item('IK-CAN', 'Canon PG-545/CL-546 ink twin pack', 'ink', 32.99),
  durable('TV-100', 'LG 55" 4K OLED TV', 'tvs', 1199, 96),
  durable('TV-200', 'Samsung 65" QLED TV', 'tvs', 999, 96),
  durable('TV-300', 'Hisense 43" 4K LED TV', 'tvs', 329, 96),
  durable('TV-400', 'Sony 75" Bravia 4K TV', 'tvs', 1799, 96),
  item('WM-TLT', 'Vogel\'s tilting TV wall mount 40-65"', 'wall-mounts', 79.99),
  item('WM-ARM', 'Full-motion TV wall bracket 43-75"', 'wall-mounts', 119.99),
  item('HD-2M', 'High-speed HDMI 2.1 cable 2 m', 'hdmi-cables', 14.99),
  item('HD-5M', 'High-speed HDMI 2.1 cable 5 m', 'hdmi-cables', 24.99),
  durable('LT-100', 'Apple MacBook Air 13" M3', 'laptops', 1099, 48),
  durable('LT-200', 'Lenovo ThinkPad E14', 'laptops', 849, 48),
  durable('LT-300', 'HP 15" everyday laptop', 'laptops', 499, 48),
  durable('LT-400', 'Dell XPS 14', 'laptops', 1449, 48),
  item('LB-SLV', 'Neoprene laptop sleeve 14"', 'laptop-bags', 19.99),
  item('LB-BKP', 'Targus commuter laptop backpack 15.6"', 'laptop-bags', 49.99),
  item('LB-BRF', 'Leather laptop briefcase 15"', 'laptop-bags', 89.99),
  durable('TD-100', 'Bosch heat-pump tumble dryer 8 kg', 'tumble-dryers', 649, 120),
  durable('TD-200', 'Beko condenser tumble dryer 8 kg', 'tumble-dryers', 349, 120),
  item('DS-SHT', 'Bounce tumble dryer sheets x160', 'dryer-sheets', 6.49),
  durable('MW-100', 'Panasonic combination microwave 27 l', 'microwaves', 229, 96),
  durable('MW-200', 'Russell Hobbs solo microwave 20 l', 'microwaves', 69, 96),
  item('KT-100', 'Smeg 1.7 l kettle', 'kettles', 149),
  item('KT-200', 'Russell Hobbs quiet-boil kettle', 'kettles', 39.99),
  item('AP-SUR', 'Five-year appliance care plan', 'care-plans', 99),
  item('AP-INS', 'Installation and old-appliance removal', 'services', 49),
];

/** Durable category → consumable or accessory bought with it, and how often owners buy it (0..1). */
export interface ComplementPair {
  from: string;
  to: string;
  rate: number;
}

/** The co-purchase patterns the transactions are generated from and market-basket analysis should find. */
export const COMPLEMENT_PAIRS: readonly ComplementPair[] = [
  { from: 'dishwashers', to: 'dishwasher-tablets', rate: 0.8 },
  { from: 'washing-machines', to: 'detergent', rate: 0.75 },
  { from: 'fridges', to: 'water-filters', rate: 0.6 },
  { from: 'coffee-machines', to: 'coffee-beans', rate: 0.8 },
  { from: 'coffee-machines', to: 'descaler', rate: 0.6 },
  { from: 'vacuum-cleaners', to: 'vacuum-bags', rate: 0.65 },
  { from: 'printers', to: 'ink', rate: 0.8 },
  { from: 'tvs', to: 'wall-mounts', rate: 0.6 },
  { from: 'tvs', to: 'hdmi-cables', rate: 0.7 },
  { from: 'laptops', to: 'laptop-bags', rate: 0.65 },
  { from: 'tumble-dryers', to: 'dryer-sheets', rate: 0.6 },
];

/**
 * Average days between repeat purchases of a consumable by someone who owns the appliance it feeds;
 * accessories bought once (mounts, cables, bags) have none.
 */
export const RESTOCK_DAYS: Readonly<Record<string, number>> = {
  'dishwasher-tablets': 60,
  detergent: 55,
  'water-filters': 180,
  'coffee-beans': 30,
  descaler: 120,
  'vacuum-bags': 120,
  ink: 75,
  'dryer-sheets': 90,
};

export const DURABLE_CATEGORIES = [...new Set(CATALOGUE.filter((p) => p.replacementMonths).map((p) => p.category))];
export const productsIn = (category: string) => CATALOGUE.filter((p) => p.category === category);
export const productBySku = (sku: string) => CATALOGUE.find((p) => p.sku === sku);

const money = (n: number) => Math.round(n * 100) / 100;
/** "your dishwasher", "your TV": a category as the thing a customer owns. */
const appliance = (category: string) => (category === 'tvs' ? 'TV' : category.replace(/-/g, ' ').replace(/s$/, ''));

/** The catalogue as Product documents. */
export function buildProducts(rng: Rng, createdAt: Date): SeedProduct[] {
  return CATALOGUE.map((p) => ({ _id: rng.objectId(createdAt), ...p }));
}

/**
 * The demo offers: a complement per pair (the category's first-listed, best-selling product, 10% off), a
 * replacement per durable category (the mid-range model less a trade-in), two loyalty rewards, a win-back
 * and two up-sells. Each carries one fixed price, so every agent quotes the same one, and no product is
 * sold by two offers at two prices.
 *
 * Consent rules: what goes with something the customer bought from us (consumables, accessories), loyalty
 * rewards and the win-back may be offered to a customer who calls us and has not objected (the "similar
 * products to existing customers" rule); new big-ticket sales (replacements, up-sells) need a marketing
 * opt-in. The loyalty rewards are service gestures: they stay on offer while a serious complaint is open.
 */
export function buildOffers(rng: Rng, createdAt: Date): SeedOffer[] {
  const base = {
    purpose: 'marketing' as OfferPurpose,
    channel: 'phone' as const,
    consentRule: 'opt-in' as OfferConsentRule,
    priceKind: 'amount' as OfferPriceKind,
    active: true,
    suppressDays: 90,
    createdAt,
    updatedAt: createdAt,
  };
  const offers: SeedOffer[] = [];
  for (const pair of COMPLEMENT_PAIRS) {
    const [product] = productsIn(pair.to);
    offers.push({
      _id: rng.objectId(createdAt),
      code: `CMP-${pair.from}-${pair.to}`.toUpperCase(),
      title: `${product.name} for your ${appliance(pair.from)}, 10% off`,
      kind: 'complement',
      sku: product.sku,
      triggerCategory: pair.from,
      price: money(product.price * 0.9),
      ...base,
      consentRule: 'no-objection',
    });
  }
  for (const category of DURABLE_CATEGORIES) {
    const models = productsIn(category).sort((a, b) => a.price - b.price);
    const model = models[Math.floor(models.length / 2)];
    offers.push({
      _id: rng.objectId(createdAt),
      code: `RPL-${category}`.toUpperCase(),
      title: `Time for a new one? ${model.name} with trade-in`,
      kind: 'replacement',
      sku: model.sku,
      triggerCategory: category,
      // A flat trade-in of 15% keeps the offer price obviously below the shelf price.
      price: money(model.price * 0.85),
      ...base,
    });
  }
  const gesture = { purpose: 'service' as const, consentRule: 'no-objection' as const };
  const extras: Array<Omit<SeedOffer, '_id' | keyof typeof base> & Partial<typeof base>> = [
    { code: 'LOY-500', title: 'Thank-you voucher: 10% off your next order', kind: 'loyalty', spendThreshold: 500, price: 10, priceKind: 'percent', ...gesture },
    { code: 'LOY-5000', title: 'Free five-year care plan on your next appliance', kind: 'loyalty', sku: 'AP-SUR', spendThreshold: 5000, price: 0, priceKind: 'free', ...gesture },
    { code: 'WINBACK-15', title: 'We miss you: 15% off your next order', kind: 'win-back', price: 15, priceKind: 'percent', consentRule: 'no-objection', suppressDays: 180 },
    { code: 'UPS-TV-75', title: 'Go big: Sony 75" Bravia 4K TV', kind: 'up-sell', sku: 'TV-400', triggerCategory: 'tvs', price: 1649 },
    { code: 'UPS-COFFEE-BARISTA', title: 'Step up to the Sage Barista Express', kind: 'up-sell', sku: 'CM-200', triggerCategory: 'coffee-machines', price: 549 },
  ];
  for (const extra of extras) offers.push({ _id: rng.objectId(createdAt), ...base, ...extra });
  return offers;
}
