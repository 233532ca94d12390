import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CampaignCreate } from '../../shared/schemas/campaign.js';
import { Value } from '../../shared/schemas/customer.js';
import { OfferInput } from '../../shared/schemas/offers.js';
import { CATALOGUE } from '../../server/seed/catalogue.js';
import { DEMO_USERS, generateDemoData } from '../../server/seed/generate.js';
import type { DemoData, SeedCustomer } from '../../server/seed/types.js';

const now = new Date('2026-11-01T12:00:00Z');
const MONTH = 30.44 * 86_400_000;
let data: DemoData;
let elapsedMs: number;
const byId = new Map<string, SeedCustomer>();

beforeAll(() => {
  const started = performance.now();
  data = generateDemoData({ seed: 42, customers: 2000, now });
  elapsedMs = performance.now() - started;
  for (const c of data.customers) byId.set(c._id.toHexString(), c);
});

/** Share of `group` whose transactions include `category`. */
function shareBuying(group: Set<string>, category: string): number {
  const buyers = new Set(data.transactions.filter((t) => t.items.some((i) => i.category === category)).map((t) => t.customerId.toHexString()));
  return [...group].filter((id) => buyers.has(id)).length / group.size;
}

function customersBuying(category: string): Set<string> {
  return new Set(data.transactions.filter((t) => t.items.some((i) => i.category === category)).map((t) => t.customerId.toHexString()));
}

describe('generateDemoData', () => {
  it('generates 2000 customers in under 5 seconds', () => {
    expect(data.customers).toHaveLength(2000);
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('gives byte-identical output for the same seed and different data for another', () => {
    const again = generateDemoData({ seed: 42, customers: 2000, now });
    for (const key of ['customers', 'transactions', 'campaignContacts', 'complaints', 'surveys'] as const) {
      expect(JSON.stringify(again[key]), key).toBe(JSON.stringify(data[key]));
    }
    const other = generateDemoData({ seed: 7, customers: 200, now });
    expect(JSON.stringify(other.customers.slice(0, 5))).not.toBe(JSON.stringify(data.customers.slice(0, 5)));
  });

  it('gives the same people, phones and e-mails whatever "now" is, so the simulator can dial seeded customers', () => {
    const identities = (d: DemoData) => JSON.stringify(d.customers.map((c) => [c.displayName, c.phones, c.emails]));
    const later = generateDemoData({ seed: 42, customers: 300, now: new Date('2027-03-15T08:00:00Z') });
    expect(identities(later)).toBe(identities(generateDemoData({ seed: 42, customers: 300, now })));
  });

  it('mixes about 85% people with 15% businesses, each with an external id and the record purpose', () => {
    const businesses = data.customers.filter((c) => c.kind === 'business').length;
    expect(businesses).toBe(300);
    expect(new Set(data.customers.map((c) => c.externalId)).size).toBe(2000);
    for (const c of data.customers) {
      expect(c.externalId).toMatch(/^CUST-\d{6}$/);
      expect(c.purpose).toBe('customer-service');
      expect(c.version).toBe(0);
    }
  });

  it('gives every phone a valid E.164 number in the country of the customer address', () => {
    for (const c of data.customers) {
      expect(c.phones.length).toBeGreaterThan(0);
      for (const { number } of c.phones) {
        expect(number).toMatch(/^\+[1-9]\d{7,14}$/);
        expect(isValidPhoneNumber(number), number).toBe(true);
        expect(parsePhoneNumberWithError(number).country, number).toBe(c.addresses[0].country);
      }
    }
  });

  it('keeps phone numbers unique but for a handful of household landlines shared by two', () => {
    const owners = new Map<string, SeedCustomer[]>();
    for (const c of data.customers) for (const p of c.phones) owners.set(p.number, [...(owners.get(p.number) ?? []), c]);
    const shared = [...owners.entries()].filter(([, cs]) => cs.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.length).toBeLessThanOrEqual(10);
    for (const [, cs] of shared) {
      expect(cs).toHaveLength(2);
      expect(cs[0].householdId).toBeDefined();
      expect(cs[0].householdId).toBe(cs[1].householdId);
    }
  });

  it('gives unique lower-case e-mail addresses', () => {
    const all = data.customers.flatMap((c) => c.emails.map((e) => e.address));
    expect(new Set(all).size).toBe(all.length);
    for (const a of all) expect(a).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$/);
  });

  it('builds search text from the name, e-mails and phone digits', () => {
    const c = data.customers.find((x) => x.emails.length > 0)!;
    expect(c.searchTokens).toContain(c.displayName.split(' ')[0].toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, ''));
    expect(c.searchTokens).toContain(c.emails[0].address);
    expect(c.searchTokens).toContain(c.phones[0].number.slice(1));
  });

  it('links relations to existing customers, symmetrically', () => {
    const inverse: Record<string, string> = {
      spouse: 'spouse',
      parent: 'child',
      child: 'parent',
      household: 'household',
      employer: 'employee',
      employee: 'employer',
      'business-group': 'business-group',
    };
    const types = new Set<string>();
    for (const c of data.customers) {
      for (const r of c.relations) {
        types.add(r.type);
        const other = byId.get(r.customerId.toHexString());
        expect(other, `${c.externalId} → ${r.customerId}`).toBeDefined();
        expect(other!.relations.some((back) => back.customerId.equals(c._id) && back.type === inverse[r.type])).toBe(true);
        if (['spouse', 'parent', 'child', 'household'].includes(r.type)) {
          expect(other!.householdId).toBe(c.householdId);
          expect(other!.addresses[0]).toEqual(c.addresses[0]);
        }
      }
    }
    expect([...types].sort()).toEqual(Object.keys(inverse).sort());
  });

  it('puts people in households of two to four', () => {
    const sizes = new Map<string, number>();
    for (const c of data.customers) if (c.householdId) sizes.set(c.householdId, (sizes.get(c.householdId) ?? 0) + 1);
    expect(sizes.size).toBeGreaterThan(300);
    expect(Math.min(...sizes.values())).toBe(2);
    expect(Math.max(...sizes.values())).toBe(4);
  });

  it('records marketing opt-outs and do-not-call flags at realistic rates', () => {
    const optedOut = data.customers.filter((c) => c.consents.filter((k) => k.purpose === 'marketing').every((k) => !k.granted)).length;
    const doNotCall = data.customers.filter((c) => c.doNotCall).length;
    expect(optedOut / 2000).toBeGreaterThan(0.12);
    expect(optedOut / 2000).toBeLessThan(0.25);
    expect(doNotCall / 2000).toBeGreaterThan(0.03);
    expect(doNotCall / 2000).toBeLessThan(0.08);
    for (const c of data.customers) expect(c.consents).toHaveLength(12);
  });

  it('generates a long-tailed year of transactions', () => {
    expect(data.transactions.length).toBeGreaterThan(25_000);
    expect(data.transactions.length).toBeLessThan(40_000);
    const counts = data.customers.map((c) => c.totals.count).sort((a, b) => a - b);
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)!).toBeGreaterThan(10 * counts[1000]);
    const odd = data.transactions.filter((t) => t.items.length < 1 || t.items.length > 4 || t.at > now);
    expect(odd).toEqual([]);
  });

  it('shows a strong co-purchase pattern between appliances and their consumables', () => {
    const everyone = new Set(byId.keys());
    for (const [durable, consumable] of [['dishwashers', 'dishwasher-tablets'], ['coffee-machines', 'coffee-beans'], ['printers', 'ink']]) {
      const owners = customersBuying(durable);
      const baseRate = shareBuying(everyone, consumable);
      const ownersRate = shareBuying(owners, consumable);
      expect(ownersRate, durable).toBeGreaterThan(0.6);
      expect(ownersRate, durable).toBeGreaterThan(1.5 * baseRate);
    }
  });

  it('leaves some appliances past their replacement age', () => {
    const replacement = new Map(CATALOGUE.filter((p) => p.replacementMonths).map((p) => [p.sku, p.replacementMonths!]));
    const due = data.customers.filter((c) => c.owned.some((o) => replacement.has(o.sku) && now.getTime() - o.at.getTime() > replacement.get(o.sku)! * MONTH));
    expect(due.length).toBeGreaterThan(20);
  });

  it('dates every transaction after the customer joined', () => {
    const early = data.transactions.filter((t) => t.at < byId.get(t.customerId.toHexString())!.createdAt);
    expect(early).toEqual([]);
  });

  it('never sells one product through two offers at two prices', () => {
    const prices = new Map<string, Set<number>>();
    for (const o of data.offers.filter((x) => x.sku && x.price > 0)) prices.set(o.sku!, (prices.get(o.sku!) ?? new Set()).add(o.price));
    for (const [sku, set] of prices) expect(set.size, sku).toBe(1);
  });

  it('fills totals, owned and value from the transactions', () => {
    const c = data.customers.find((x) => x.totals.count > 5)!;
    const mine = data.transactions.filter((t) => t.customerId.equals(c._id));
    expect(c.totals.count).toBe(mine.length);
    expect(c.totals.spend).toBeCloseTo(mine.reduce((s, t) => s + t.total, 0), 2);
    expect(c.totals.lastAt).toEqual(mine.at(-1)!.at);
    expect(new Set(c.owned.map((o) => o.sku))).toEqual(new Set(mine.flatMap((t) => t.items.map((i) => i.sku))));
    for (const x of data.customers) expect(() => Value.parse(x.value)).not.toThrow();
    expect(new Set(data.customers.map((x) => x.value!.segment)).size).toBe(8);
  });

  it('seeds offers and outbound campaigns the console’s own schemas accept', () => {
    for (const o of data.offers) expect(() => OfferInput.shape.code.parse(o.code), o.code).not.toThrow();
    const outbound = data.campaigns.filter((c) => c.outbound);
    expect(outbound.length).toBe(2);
    for (const c of outbound) {
      const { status, ...settings } = c.outbound!;
      expect(status).toBe('building');
      expect(() => CampaignCreate.parse({ name: c.name, startsAt: c.startsAt, endsAt: c.endsAt, ...settings }), c.name).not.toThrow();
      for (const code of settings.offerCodes) expect(data.offers.some((o) => o.code === code), code).toBe(true);
    }
  });

  it('never contacts a customer on a channel they opted out of', () => {
    expect(data.campaigns.length).toBeGreaterThanOrEqual(3);
    expect(data.campaignContacts.length).toBeGreaterThan(100);
    for (const contact of data.campaignContacts) {
      const c = byId.get(contact.customerId.toHexString())!;
      const consent = c.consents.find((k) => k.purpose === 'marketing' && k.channel === contact.channel)!;
      // Either still granted, or withdrawn by this very contact's unsubscribe.
      const withdrawnHere = contact.response === 'unsubscribed' && consent.source === 'campaign-unsubscribe' && consent.at.getTime() === contact.at.getTime();
      expect(consent.granted || withdrawnHere, `${c.externalId} ${contact.channel}`).toBe(true);
      if (consent.granted) expect(consent.at <= contact.at).toBe(true);
      if (contact.channel === 'phone') expect(c.doNotCall).toBe(false);
    }
  });

  it('gives complaints to about 8% of customers and surveys to about 30%', () => {
    const complained = new Set(data.complaints.map((c) => c.customerId.toHexString()));
    expect(complained.size).toBe(160);
    expect(data.complaints.length).toBeGreaterThan(complained.size);
    for (const c of data.complaints) {
      if (c.status === 'resolved') expect(c.resolvedAt! >= c.openedAt && !!c.resolution).toBe(true);
      else expect(c.resolvedAt).toBeUndefined();
    }
    expect(new Set(data.surveys.map((s) => s.customerId.toHexString())).size).toBe(600);
    for (const s of data.surveys) expect(s.type === 'csat' ? s.score >= 1 && s.score <= 5 : s.score >= 0 && s.score <= 10).toBe(true);
    expect(data.surveys.some((s) => s.comment)).toBe(true);
  });

  it('declares the demo users', () => {
    expect(DEMO_USERS.map((u) => u.username)).toEqual(['agent', 'agent2', 'telemarketer', 'supervisor', 'admin', 'agent-en', 'agent-fa', 'agent-zh', 'agent-ro', 'agent-hu']);
    expect(DEMO_USERS[0].skills).toEqual(['sales', 'service']);
    expect(DEMO_USERS[1].skills).toEqual(['service']);
  });

  it('gives one agent per console language, on the language queue, speaking it', () => {
    const byName = new Map<string, { skills: readonly string[]; role: string; language?: string }>(DEMO_USERS.map((u) => [u.username, u]));
    for (const [username, queue, language] of [
      ['agent-en', 'en', 'en'],
      ['agent-fa', 'fa', 'fa'],
      ['agent-zh', 'zh', 'zh-CN'],
      ['agent-ro', 'ro', 'ro'],
      ['agent-hu', 'hu', 'hu'],
    ] as const)
      expect(byName.get(username), username).toMatchObject({ role: 'agent', skills: [queue], language });
  });

  it('writes the customers of Iran, China, Romania and Hungary in their own language and script', () => {
    const people = (country: string) => data.customers.filter((c) => c.kind === 'person' && c.addresses[0]?.country === country);
    const all = (country: string) => data.customers.filter((c) => c.addresses[0]?.country === country);
    for (const country of ['IR', 'CN', 'RO', 'HU']) expect(people(country).length, country).toBeGreaterThan(60);
    // Persian script (Arabic block), no Latin letters, in names and addresses; house numbers in Persian digits.
    for (const c of all('IR')) {
      expect(c.displayName, c.externalId).toMatch(/^[\u0600-\u06FF\u200C ]+$/);
      expect(c.addresses[0].line1 + c.addresses[0].city + c.addresses[0].region, c.externalId).not.toMatch(/[A-Za-z0-9]/);
      expect(c.preferences.language).toBe('fa');
    }
    // Chinese: family name first, no space; addresses in Chinese.
    for (const c of all('CN')) {
      expect(c.displayName, c.externalId).toMatch(/^[\u4E00-\u9FFF]+$/);
      expect(c.addresses[0].city + c.addresses[0].region, c.externalId).toMatch(/^[\u4E00-\u9FFF]+$/);
      expect(c.addresses[0].line1).toMatch(/号/);
      expect(c.preferences.language).toBe('zh');
    }
    for (const c of people('CN')) expect(c.displayName).toBe(`${c.lastName}${c.firstName}`);
    // Hungarian family name first; Romanian and Hungarian diacritics are there.
    for (const c of people('HU')) expect(c.displayName).toBe(`${c.lastName} ${c.firstName}`);
    expect(people('RO').some((c) => /[ăâîșț]/i.test(c.displayName + c.addresses[0].line1 + c.addresses[0].city))).toBe(true);
    expect(people('HU').some((c) => /[áéíóöőúüű]/i.test(c.displayName + c.addresses[0].line1))).toBe(true);
    // Their e-mail addresses and web domains are plain ASCII (romanised names).
    for (const c of [...all('IR'), ...all('CN')]) for (const e of c.emails) expect(e.address, c.displayName).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+$/);
  });
});
