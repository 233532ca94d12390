import { ContactChannel as ContactChannelEnum } from '../../shared/schemas/enums.js';
import { CATALOGUE, productBySku } from './catalogue.js';
import { DAY_MS, type Rng } from './random.js';
import { itemOf, storesFor, transactionOf } from './transactions.js';
import type { CampaignResponse, ContactChannel, SeedCampaign, SeedCampaignContact, SeedCustomer, SeedOffer, SeedTransaction } from './types.js';

/** What a campaign looked at when picking whom to contact. */
interface TargetContext {
  customer: SeedCustomer;
  /** The customer's transactions before the campaign started, oldest first. */
  before: SeedTransaction[];
  startsAt: Date;
}

interface CampaignPlan {
  name: string;
  channel: ContactChannel;
  offerCode: string;
  /** Days before `now` the campaign starts and ends (negative: still running). */
  startDays: number;
  endDays: number;
  /** Share of the eligible audience contacted so far, and a cap. */
  share: number;
  max: number;
  target: (ctx: TargetContext) => boolean;
}

const boughtCategory = (ctx: TargetContext, category: string, olderThanDays = 0) =>
  ctx.before.some((t) => t.at.getTime() <= ctx.startsAt.getTime() - olderThanDays * DAY_MS && t.items.some((i) => i.category === category));

/** Four campaigns over the year, one per channel; the phone one is still running, for the telemarketers. */
const PLANS: readonly CampaignPlan[] = [
  {
    name: 'Dishwasher tablets refill',
    channel: 'email',
    offerCode: 'CMP-DISHWASHERS-DISHWASHER-TABLETS',
    startDays: 320,
    endDays: 300,
    share: 0.8,
    max: 600,
    target: (c) => boughtCategory(c, 'dishwashers'),
  },
  {
    name: 'Coffee club: beans to your door',
    channel: 'sms',
    offerCode: 'CMP-COFFEE-MACHINES-COFFEE-BEANS',
    startDays: 210,
    endDays: 190,
    share: 0.7,
    max: 500,
    target: (c) => boughtCategory(c, 'coffee-machines') || c.customer.psychographics.interests.includes('coffee'),
  },
  {
    name: 'We miss you: winter letter',
    channel: 'post',
    offerCode: 'WINBACK-15',
    startDays: 75,
    endDays: 60,
    share: 0.9,
    max: 400,
    target: (c) => c.before.length > 0 && c.before[c.before.length - 1].at.getTime() < c.startsAt.getTime() - 150 * DAY_MS,
  },
  {
    name: 'Washing machine replacement calls',
    channel: 'phone',
    offerCode: 'RPL-WASHING-MACHINES',
    startDays: 20,
    endDays: -40,
    share: 0.6,
    max: 300,
    target: (c) => boughtCategory(c, 'washing-machines', 3 * 365),
  },
];

/** The running phone campaign as telemarketers work it: owners of washing machines older than three years. */
const REPLACEMENT_CALLS: NonNullable<SeedCampaign['outbound']> = {
  status: 'building',
  offerCodes: ['RPL-WASHING-MACHINES'],
  segment: { kind: 'person', boughtCategories: ['washing-machines'], notContactedForDays: 7 },
  callingHours: { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5, 6] },
  maxAttempts: 3,
  retryMinutes: 240,
  onePerHousehold: true,
  script: {
    opening:
      'Hello, this is {agent} calling from the appliance store. You bought a washing machine from us a few years ago; we are calling owners about a trade-in offer on a new, more efficient model. Do you have two minutes?',
    questions: [
      { id: 'machine-age', text: 'How is your washing machine doing?', kind: 'choice', options: ['works well', 'getting noisy', 'broken down'], storesAs: 'attitude' },
      { id: 'contact-time', text: 'When is the best time to reach you in future?', kind: 'choice', options: ['morning', 'afternoon', 'evening', 'any'], storesAs: 'contactTime' },
    ],
    closing: 'Thank you for your time. Your quoted price holds for fourteen days on every channel.',
  },
};

/** A customer-care survey with no sales pressure: satisfaction, interests and the preferred channel. */
const CHECK_IN_SURVEY: NonNullable<SeedCampaign['outbound']> = {
  status: 'building',
  offerCodes: ['LOY-500'],
  segment: { segments: ['champions', 'loyal', 'cant-lose'] },
  callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
  maxAttempts: 2,
  retryMinutes: 60,
  onePerHousehold: true,
  script: {
    opening: 'Hello, this is {agent} from the appliance store. As one of our most valued customers, may I ask you three quick questions about your experience with us?',
    questions: [
      { id: 'satisfaction', text: 'How satisfied are you with our service, from 1 to 5?', kind: 'scale', options: ['1', '2', '3', '4', '5'], storesAs: 'csat' },
      { id: 'interest', text: 'Which of our ranges interests you most at the moment?', kind: 'choice', options: ['cooking', 'coffee', 'home-cinema', 'gaming', 'tech', 'gardening', 'fitness'], storesAs: 'interest' },
      { id: 'channel', text: 'How would you like us to keep in touch?', kind: 'choice', options: [...ContactChannelEnum.options], storesAs: 'channel' },
    ],
    closing: 'Thank you: as a thank-you we have a voucher for your next order.',
  },
};

const RESPONSES: Record<ContactChannel, ReadonlyArray<readonly [CampaignResponse, number]>> = {
  email: [['none', 40], ['opened', 32], ['clicked', 14], ['purchased', 6], ['unsubscribed', 4]],
  sms: [['none', 55], ['clicked', 25], ['purchased', 9], ['unsubscribed', 5]],
  post: [['none', 80], ['purchased', 10], ['declined', 6], ['unsubscribed', 2]],
  phone: [['none', 35], ['declined', 38], ['purchased', 18], ['unsubscribed', 6]],
};

/** May we send this customer marketing on this channel at `at`? Consent given by then, and not do-not-call. */
export function reachable(customer: SeedCustomer, channel: ContactChannel, at: Date): boolean {
  if (channel === 'phone' && customer.doNotCall) return false;
  if (channel === 'sms' && !customer.phones.some((p) => p.label === 'mobile')) return false;
  if (channel === 'email' && customer.emails.length === 0) return false;
  return customer.consents.some((c) => c.purpose === 'marketing' && c.channel === channel && c.granted && c.at <= at);
}

/** An unsubscribe withdraws that channel's marketing consent from the moment it was received. */
function unsubscribe(customer: SeedCustomer, channel: ContactChannel, at: Date) {
  for (const c of customer.consents) {
    if (c.purpose === 'marketing' && c.channel === channel) Object.assign(c, { granted: false, source: 'campaign-unsubscribe', at });
  }
}

/** The purchase a "purchased" response stands for: the offer's product at the offer's one price. */
function purchaseFor(rng: Rng, customer: SeedCustomer, offer: SeedOffer, channel: ContactChannel, at: Date): SeedTransaction {
  const product = offer.sku ? productBySku(offer.sku)! : rng.pick(CATALOGUE.filter((p) => !p.replacementMonths));
  const item = offer.sku ? { ...itemOf(rng, product, 1, 0), price: offer.price } : itemOf(rng, product, 1, 0);
  // A percentage offer (the win-back, the thank-you voucher) is a discount on what they buy rather than a product.
  if (offer.priceKind === 'percent') item.price = Math.round(item.price * (100 - offer.price)) / 100;
  const via = channel === 'phone' ? 'phone' : channel === 'post' ? rng.pick(['store', 'web'] as const) : 'web';
  return transactionOf(rng, customer, at, [item], via, storesFor(customer).home);
}

/**
 * The campaigns, their contacts and the purchases they led to. Campaigns run in date order against each
 * customer's consent as it stood then: an unsubscribe withdraws the consent, so a later campaign on that
 * channel skips the customer. `history` maps customer id to transactions, oldest first.
 */
export function generateCampaigns(rng: Rng, customers: SeedCustomer[], history: Map<string, SeedTransaction[]>, offers: SeedOffer[], now: Date) {
  const campaigns: SeedCampaign[] = [];
  const contacts: SeedCampaignContact[] = [];
  const purchases: SeedTransaction[] = [];
  for (const plan of PLANS) {
    const startsAt = new Date(now.getTime() - plan.startDays * DAY_MS);
    const endsAt = new Date(now.getTime() - plan.endDays * DAY_MS);
    const offer = offers.find((o) => o.code === plan.offerCode);
    if (!offer) throw new Error(`campaign ${plan.name} names unknown offer ${plan.offerCode}`);
    const createdAt = new Date(startsAt.getTime() - 14 * DAY_MS);
    const { name, channel, offerCode } = plan;
    const campaign: SeedCampaign = { _id: rng.objectId(createdAt), name, channel, offerCode, startsAt, endsAt, createdAt, updatedAt: startsAt };
    campaigns.push(campaign);
    const eligible = customers.filter((customer) => {
      if (customer.createdAt > startsAt || !reachable(customer, plan.channel, startsAt)) return false;
      const before = (history.get(customer._id.toHexString()) ?? []).filter((t) => t.at < startsAt);
      return plan.target({ customer, before, startsAt });
    });
    const chosen = rng.sample(eligible, Math.min(plan.max, Math.round(eligible.length * plan.share)));
    const lastContact = new Date(Math.min(endsAt.getTime(), now.getTime() - DAY_MS));
    for (const customer of chosen) {
      const at = rng.dateBetween(startsAt, lastContact);
      const response = rng.weighted(RESPONSES[plan.channel]);
      contacts.push({ _id: rng.objectId(at), campaignId: campaign._id, customerId: customer._id, at, channel: plan.channel, response });
      if (response === 'unsubscribed') unsubscribe(customer, plan.channel, at);
      if (response === 'purchased') {
        const boughtAt = rng.dateAfter(at, 5, now);
        purchases.push(purchaseFor(rng, customer, offer, plan.channel, boughtAt));
      }
    }
  }
  const phone = campaigns.find((c) => c.channel === 'phone');
  if (phone) phone.outbound = REPLACEMENT_CALLS;
  // A second, always-open list so a newcomer can work the dialer whatever the hour of the demo.
  const surveyStart = new Date(now.getTime() - 2 * DAY_MS);
  campaigns.push({
    _id: rng.objectId(surveyStart),
    name: 'Customer check-in survey (demo: callable at any hour)',
    channel: 'phone',
    offerCode: 'LOY-500',
    startsAt: surveyStart,
    endsAt: new Date(now.getTime() + 60 * DAY_MS),
    createdAt: surveyStart,
    updatedAt: surveyStart,
    outbound: CHECK_IN_SURVEY,
  });
  contacts.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { campaigns, contacts, purchases };
}
