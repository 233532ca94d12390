import { Types } from 'mongoose';
import { hashPassword } from '../../server/auth/password.js';
import type { Models } from '../../server/db/models.js';

const NOW = new Date();
const monthsAgo = (m: number) => new Date(NOW.getTime() - m * 30.44 * 24 * 3600 * 1000);
const consent = (purpose: string, channel: string, granted: boolean) => ({ purpose, channel, granted, source: 'web-signup', at: monthsAgo(12) });

/** A small, explicit data set for integration tests: every expectation can be read off it. */
export async function seedFixtures(models: Models, agents = ['agent', 'agent2']) {
  const hash = await hashPassword('demo');
  const users = await models.User.insertMany([
    ...agents.map((username) => ({ username, displayName: username, role: 'agent', passwordHash: hash, skills: [] })),
    { username: 'supervisor', role: 'supervisor', passwordHash: hash },
    { username: 'telemarketer', role: 'telemarketer', passwordHash: hash },
  ]);

  const ada = new Types.ObjectId();
  const ben = new Types.ObjectId();
  const acme = new Types.ObjectId();
  const twinA = new Types.ObjectId();
  const twinB = new Types.ObjectId();
  await models.Product.insertMany([
    { sku: 'DW-100', name: 'Dishwasher DW-100', category: 'dishwashers', price: 499, replacementMonths: 120 },
    { sku: 'TAB-50', name: 'Dishwasher tablets x50', category: 'dishwasher-tablets', price: 12 },
  ]);
  await models.Offer.insertMany([
    { code: 'TABLETS', title: 'Dishwasher tablets subscription', kind: 'complement', sku: 'TAB-50', triggerCategory: 'dishwashers', price: 9.99, purpose: 'marketing', channel: 'phone' },
    { code: 'LOYAL-500', title: 'Loyalty voucher', kind: 'loyalty', spendThreshold: 500, price: 0, purpose: 'marketing', channel: 'phone' },
  ]);
  const base = { timezone: 'Europe/London', purpose: 'customer-service', version: 0 };
  await models.Customer.insertMany([
    {
      _id: ada,
      ...base,
      kind: 'person',
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Ada Lovelace',
      searchTokens: ['ada', 'lovelace', 'ada@example.com', '447700900001'],
      phones: [{ label: 'mobile', number: '+447700900001' }],
      emails: [{ label: 'home', address: 'ada@example.com' }],
      addresses: [{ label: 'home', line1: '12 Analytical St', city: 'London', postcode: 'N1 1AA', region: 'London', country: 'GB' }],
      relations: [{ customerId: ben, type: 'spouse' }],
      householdId: 'H1',
      consents: [consent('marketing', 'phone', true), consent('service', 'phone', true)],
      totals: { count: 2, spend: 511, firstAt: monthsAgo(11), lastAt: monthsAgo(2) },
      value: { recency: 4, frequency: 3, monetary: 4, segment: 'loyal', lifetimeValue: 511, potentialValue: 300, atRisk: false, computedAt: NOW },
      owned: [{ sku: 'DW-100', category: 'dishwashers', at: monthsAgo(11) }],
    },
    {
      _id: ben,
      ...base,
      kind: 'person',
      firstName: 'Ben',
      lastName: 'Lovelace',
      displayName: 'Ben Lovelace',
      searchTokens: ['ben', 'lovelace', '447700900002'],
      phones: [{ label: 'mobile', number: '+447700900002' }],
      relations: [{ customerId: ada, type: 'spouse' }],
      householdId: 'H1',
      doNotCall: true,
      consents: [consent('marketing', 'phone', false)],
    },
    { _id: acme, ...base, kind: 'business', companyName: 'Acme Ltd', displayName: 'Acme Ltd', searchTokens: ['acme', 'ltd'], phones: [{ label: 'office', number: '+442079460001' }], emails: [{ label: 'office', address: 'buying@acme.example' }] },
    { _id: twinA, ...base, kind: 'person', displayName: 'Tom Twin', phones: [{ label: 'home', number: '+442079460099' }] },
    { _id: twinB, ...base, kind: 'person', displayName: 'Tim Twin', phones: [{ label: 'home', number: '+442079460099' }] },
  ]);
  await models.Transaction.insertMany([
    { customerId: ada, at: monthsAgo(11), total: 499, channel: 'store', store: 'London', items: [{ sku: 'DW-100', name: 'Dishwasher DW-100', category: 'dishwashers', qty: 1, price: 499 }] },
    { customerId: ada, at: monthsAgo(2), total: 12, channel: 'web', items: [{ sku: 'TAB-50', name: 'Dishwasher tablets x50', category: 'dishwasher-tablets', qty: 1, price: 12 }] },
  ]);
  await models.Complaint.create({ customerId: ada, subject: 'Late delivery', category: 'delivery', severity: 'medium', status: 'open', openedAt: monthsAgo(1) });
  await models.Survey.create({ customerId: ada, type: 'nps', score: 9, at: monthsAgo(1) });
  return { users, customers: { ada, ben, acme, twinA, twinB } };
}
