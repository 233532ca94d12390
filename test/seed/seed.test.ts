import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password.js';
import { createModels, type Models } from '../../server/db/models.js';
import { seedDemoData, type SeedResult } from '../../server/seed/seed.js';
import { freshDatabase } from '../support/mongo.js';

describe('seedDemoData', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let models: Models;
  let result: SeedResult;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await freshDatabase('seed');
    models = createModels(db.conn);
    result = await seedDemoData(models, { customers: 200, log: (line) => lines.push(line) });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('fills an empty database and reports what it inserted', async () => {
    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    expect(result.counts.customers).toBe(200);
    expect(result.counts.users).toBe(10);
    expect(result.counts.transactions).toBeGreaterThan(1000);
    expect(await models.Customer.countDocuments()).toBe(200);
    expect(await models.Transaction.countDocuments()).toBe(result.counts.transactions);
    expect(await models.Product.countDocuments()).toBe(result.counts.products);
    expect(await models.Offer.countDocuments()).toBe(result.counts.offers);
    expect(await models.Complaint.countDocuments()).toBe(result.counts.complaints);
    expect(await models.Campaign.countDocuments()).toBe(result.counts.campaigns);
    expect(await models.CampaignContact.countDocuments()).toBe(result.counts.campaignContacts);
    expect(await models.Survey.countDocuments()).toBe(result.counts.surveys);
  });

  it('stores documents that read back as the models expect', async () => {
    const customer = await models.Customer.findOne({ 'totals.count': { $gt: 0 } }).lean();
    expect(customer!.value!.segment).toBeTypeOf('string');
    expect(customer!.totals!.lastAt).toBeInstanceOf(Date);
    expect(customer!.createdAt).toBeInstanceOf(Date);
    const phone = customer!.phones[0].number;
    const byPhone = await models.Customer.find({ 'phones.number': phone }).lean();
    expect(byPhone.map((c) => String(c._id))).toContain(String(customer!._id));
    const recent = await models.Transaction.find({ customerId: customer!._id }).sort({ at: -1 }).limit(5).lean();
    expect(recent.length).toBeGreaterThan(0);
  });

  it('creates the demo users with the password "demo"', async () => {
    const users = await models.User.find().sort({ username: 1 }).lean();
    expect(users.map((u) => u.username)).toEqual(['admin', 'agent', 'agent-en', 'agent-fa', 'agent-hu', 'agent-ro', 'agent-zh', 'agent2', 'supervisor', 'telemarketer']);
    for (const u of users) expect(await verifyPassword('demo', u.passwordHash)).toBe(true);
    expect(await verifyPassword('wrong', users[0].passwordHash)).toBe(false);
  });

  it('logs a progress line per batch', () => {
    expect(lines).toContain('seeding customers 200/200');
    expect(lines.some((l) => /^seeding transactions \d+\/\d+$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('seeding users 10/10');
  });

  it('does nothing when the database already has customers', async () => {
    const before = await models.Transaction.countDocuments();
    expect(await seedDemoData(models, { customers: 200 })).toEqual({ seeded: false });
    expect(await models.Transaction.countDocuments()).toBe(before);
    expect(await models.User.countDocuments()).toBe(10);
  });
});
