import { DAY_MS, type Rng } from './random.js';
import type { SeedComplaint, SeedCustomer, SeedSurvey, SeedTransaction } from './types.js';

/*
 * Complaints and satisfaction answers. Both hang off what the customer actually bought, and answers
 * follow the customer's attitude and any complaint still open at the time.
 */

type Category = 'delivery' | 'billing' | 'product-fault' | 'service';
const HOUR_MS = 3_600_000;

const SUBJECTS: Record<Category, ReadonlyArray<(product: string, n: number) => string>> = {
  delivery: [
    (p, n) => `${p} delivered ${n} days late`,
    () => 'Delivery slot missed twice',
    (p) => `${p} left outside in the rain`,
    () => 'Driver would not carry the appliance upstairs',
  ],
  'product-fault': [
    (p, n) => `${p} stopped working after ${n} weeks`,
    (p) => `${p} arrived damaged`,
    (p) => `${p} making a loud grinding noise`,
    (p) => `Wrong model delivered instead of ${p}`,
  ],
  billing: [() => 'Charged twice for one order', () => 'Refund not received after return', () => 'Care plan billed but never ordered', () => 'Invoice shows the wrong address'],
  service: [() => 'Installer did not turn up', () => 'Call dropped twice while on hold', () => 'Promised call-back never came', () => 'Unhelpful staff at the store'],
};
const RESOLUTIONS: Record<Category, readonly string[]> = {
  delivery: ['Delivery charge refunded and apology sent', 'Rebooked a named-day delivery; goodwill voucher issued', 'Courier complaint raised; customer compensated'],
  'product-fault': ['Engineer visit fixed the fault under warranty', 'Replacement unit delivered and old one collected', 'Full refund issued after inspection'],
  billing: ['Duplicate charge refunded', 'Refund processed; confirmed by e-mail', 'Invoice reissued with corrected details'],
  service: ['Apologised; installation rebooked at no charge', 'Feedback passed to the store manager; voucher issued', 'Call-back made by team leader; issue closed'],
};
const SEVERITY: Record<Category, ReadonlyArray<readonly [SeedComplaint['severity'], number]>> = {
  delivery: [['low', 35], ['medium', 45], ['high', 17], ['critical', 3]],
  'product-fault': [['low', 15], ['medium', 40], ['high', 33], ['critical', 12]],
  billing: [['low', 30], ['medium', 45], ['high', 20], ['critical', 5]],
  service: [['low', 45], ['medium', 40], ['high', 13], ['critical', 2]],
};
const OWNERS = ['agent', 'agent2', 'supervisor'];

/** An hour before `now`: the latest anything in the data set happened. */
const lastMoment = (now: Date) => new Date(now.getTime() - HOUR_MS);

function complaintFor(rng: Rng, customer: SeedCustomer, bought: SeedTransaction[], now: Date): SeedComplaint {
  const purchase = bought.length ? rng.pick(bought) : undefined;
  let category = rng.weighted<Category>([['delivery', 30], ['product-fault', 30], ['billing', 20], ['service', 20]]);
  if (!purchase && (category === 'delivery' || category === 'product-fault')) category = 'service';
  // Complain about the biggest thing in the basket: nobody rings about a kettle descaler when the fridge is broken.
  const item = purchase ? [...purchase.items].sort((a, b) => b.price - a.price)[0] : undefined;
  const subject = rng.pick(SUBJECTS[category])(item?.name ?? '', rng.int(2, 8));
  const openedAt = purchase ? rng.dateAfter(purchase.at, 30, lastMoment(now)) : rng.daysBefore(now, 1, 360);
  const ageDays = (now.getTime() - openedAt.getTime()) / DAY_MS;
  const status = rng.weighted<SeedComplaint['status']>(
    ageDays > 30 ? [['resolved', 85], ['in-progress', 10], ['open', 5]] : [['open', 40], ['in-progress', 35], ['resolved', 25]],
  );
  const complaint: SeedComplaint = {
    _id: rng.objectId(openedAt),
    customerId: customer._id,
    subject,
    category,
    severity: rng.weighted(SEVERITY[category]),
    status,
    openedAt,
    interactionIds: [],
    createdAt: openedAt,
    updatedAt: openedAt,
  };
  if (status !== 'open' || rng.chance(0.5)) complaint.owner = rng.pick(OWNERS);
  if (status === 'resolved') {
    complaint.resolvedAt = rng.dateAfter(openedAt, 21, lastMoment(now));
    complaint.resolution = rng.pick(RESOLUTIONS[category]);
    complaint.updatedAt = complaint.resolvedAt;
  } else if (status === 'in-progress') {
    complaint.updatedAt = rng.dateAfter(openedAt, 5, lastMoment(now));
  }
  return complaint;
}

/**
 * Complaints for about 8% of customers, a quarter of them with more than one. `history` maps customer id
 * to transactions, oldest first; complaints follow a purchase from the last year when there is one.
 */
export function generateComplaints(rng: Rng, customers: SeedCustomer[], history: Map<string, SeedTransaction[]>, now: Date): SeedComplaint[] {
  const yearAgo = now.getTime() - 365 * DAY_MS;
  const complaints: SeedComplaint[] = [];
  for (const customer of rng.sample(customers, Math.round(customers.length * 0.08))) {
    const bought = (history.get(customer._id.toHexString()) ?? []).filter((t) => t.at.getTime() > yearAgo);
    const n = rng.weighted([[1, 75], [2, 18], [3, 7]] as const);
    for (let i = 0; i < n; i++) complaints.push(complaintFor(rng, customer, bought, now));
  }
  return complaints.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

/** Typical CSAT (1–5) and NPS (0–10) ranges per attitude to the brand. */
const SCORES: Record<string, { csat: [number, number]; nps: [number, number] }> = {
  advocate: { csat: [4, 5], nps: [9, 10] },
  loyal: { csat: [4, 5], nps: [7, 10] },
  neutral: { csat: [3, 5], nps: [6, 9] },
  'price-sensitive': { csat: [2, 5], nps: [4, 8] },
  detractor: { csat: [1, 3], nps: [0, 6] },
};
const COMMENTS = {
  good: ['Quick delivery and the installer was lovely', 'Agent sorted it in one call', 'Great price, will buy again', 'Easy to order online'],
  middling: ['Fine, but delivery took a while', 'Had to call twice to get an answer', 'OK overall', 'Store was busy but staff helpful'],
  bad: ['Still waiting for my refund', 'Nobody called me back', 'Product broke within weeks', 'Too long on hold'],
};

/**
 * CSAT and NPS answers for about 30% of customers, 1–3 each, mostly sent a few days after a purchase.
 * An open complaint at the time pulls the score down.
 */
export function generateSurveys(
  rng: Rng,
  customers: SeedCustomer[],
  history: Map<string, SeedTransaction[]>,
  complaints: SeedComplaint[],
  now: Date,
): SeedSurvey[] {
  const yearAgo = new Date(now.getTime() - 365 * DAY_MS);
  const complaintsOf = new Map<string, SeedComplaint[]>();
  for (const c of complaints) {
    const key = c.customerId.toHexString();
    if (!complaintsOf.has(key)) complaintsOf.set(key, []);
    complaintsOf.get(key)!.push(c);
  }
  const surveys: SeedSurvey[] = [];
  for (const customer of rng.sample(customers, Math.round(customers.length * 0.3))) {
    const id = customer._id.toHexString();
    const bought = (history.get(id) ?? []).filter((t) => t.at > yearAgo);
    const from = customer.createdAt > yearAgo ? customer.createdAt : yearAgo;
    for (let i = rng.int(1, 3); i > 0; i--) {
      const after = bought.length && rng.chance(0.7) ? rng.pick(bought).at : undefined;
      const at = after ? rng.dateAfter(after, 4, lastMoment(now)) : rng.dateBetween(from, lastMoment(now));
      const type = rng.chance(0.6) ? 'csat' : 'nps';
      const [min, max] = SCORES[customer.psychographics.attitude ?? 'neutral'][type];
      const unhappy = (complaintsOf.get(id) ?? []).some((c) => c.openedAt <= at && (!c.resolvedAt || c.resolvedAt > at));
      const score = Math.max(type === 'csat' ? 1 : 0, rng.int(min, max) - (unhappy ? (type === 'csat' ? 2 : 4) : 0));
      const mood = score >= (type === 'csat' ? 4 : 9) ? 'good' : score >= (type === 'csat' ? 3 : 7) ? 'middling' : 'bad';
      surveys.push({ _id: rng.objectId(at), customerId: customer._id, type, score, at, ...(rng.chance(0.35) ? { comment: rng.pick(COMMENTS[mood]) } : {}) });
    }
  }
  return surveys.sort((a, b) => a.at.getTime() - b.at.getTime());
}
