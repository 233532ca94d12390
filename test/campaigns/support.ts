import { Types } from 'mongoose';
import type { Campaign, CampaignCreate, NextContact } from '../../shared/schemas/campaign.js';
import { hashPassword } from '../../server/auth/password.js';
import type { Models } from '../../server/db/models.js';
import { eventually, type TestApp } from '../support/app.js';

const granted = (channel: string, yes: boolean) => ({ purpose: 'marketing', channel, granted: yes, source: 'web-signup', at: new Date('2025-01-01') });

/**
 * Washing-machine owners, each one a case for the list builder: callable in London, opted out, on the
 * do-not-call list, without a phone, two in one household, and one in Tokyo (other calling hours).
 */
export async function seedCallListCustomers(models: Models) {
  const ids = {
    cara: new Types.ObjectId(),
    dan: new Types.ObjectId(),
    eve: new Types.ObjectId(),
    fay: new Types.ObjectId(),
    gus: new Types.ObjectId(),
    hal: new Types.ObjectId(),
    ian: new Types.ObjectId(),
  };
  const person = (id: Types.ObjectId, displayName: string, extra: Record<string, unknown> = {}) => ({
    _id: id,
    kind: 'person',
    displayName,
    timezone: 'Europe/London',
    purpose: 'customer-service',
    version: 0,
    phones: [{ label: 'mobile', number: `+4477009${String(id).slice(-5).replace(/\D/g, '1').padStart(5, '0')}` }],
    consents: [granted('phone', true)],
    owned: [{ sku: 'WM-100', category: 'washing-machines', at: new Date('2021-03-01') }],
    value: { recency: 3, frequency: 3, monetary: 3, segment: 'loyal', lifetimeValue: 800, potentialValue: 200, atRisk: false, computedAt: new Date() },
    ...extra,
  });
  await models.Customer.insertMany([
    person(ids.cara, 'Cara Callable', { value: { recency: 5, frequency: 5, monetary: 5, segment: 'champions', lifetimeValue: 5000, potentialValue: 900, atRisk: false, computedAt: new Date() } }),
    person(ids.dan, 'Dan Declined', { consents: [granted('phone', false)] }),
    person(ids.eve, 'Eve Nocall', { doNotCall: true }),
    person(ids.fay, 'Fay Nophone', { phones: [] }),
    person(ids.gus, 'Gus Home', { householdId: 'H9', value: { recency: 4, frequency: 4, monetary: 4, segment: 'loyal', lifetimeValue: 2000, potentialValue: 400, atRisk: false, computedAt: new Date() } }),
    person(ids.hal, 'Hal Home', { householdId: 'H9' }),
    person(ids.ian, 'Ian Tokyo', { timezone: 'Asia/Tokyo', value: { recency: 2, frequency: 2, monetary: 2, segment: 'hibernating', lifetimeValue: 300, potentialValue: 50, atRisk: true, computedAt: new Date() } }),
  ]);
  return ids;
}

export async function addTelemarketers(models: Models, names: string[]) {
  const hash = await hashPassword('demo');
  await models.User.insertMany(names.map((username) => ({ username, role: 'telemarketer', passwordHash: hash })));
}

/** Tuesday 24 November 2026, 10:00 in London (19:00 in Tokyo). */
export const TUESDAY_10 = new Date('2026-11-24T10:00:00Z');

/** A clock the test moves by hand; the console reads it for calling hours, callbacks and retries. */
export function testClock(start = TUESDAY_10) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => void (t = d.getTime()),
    advance: (minutes: number) => void (t += minutes * 60_000),
  };
}

export const campaignInput = (over: Partial<CampaignCreate> = {}): CampaignCreate => ({
  name: 'Washing machine trade-in',
  offerCodes: ['TABLETS'],
  segment: { boughtCategories: ['washing-machines'] },
  startsAt: new Date('2026-11-01T00:00:00Z'),
  endsAt: new Date('2026-12-31T00:00:00Z'),
  callingHours: { from: '09:00', to: '18:00', days: [1, 2, 3, 4, 5] },
  maxAttempts: 3,
  retryMinutes: 60,
  onePerHousehold: true,
  script: {
    opening: 'Hello, this is the appliance store.',
    questions: [
      { id: 'contact-time', text: 'When may we call?', kind: 'choice', options: ['morning', 'afternoon', 'evening', 'any'], storesAs: 'contactTime' },
      { id: 'satisfaction', text: 'How satisfied are you, 1 to 5?', kind: 'scale', options: ['1', '2', '3', '4', '5'], storesAs: 'csat' },
      { id: 'machine', text: 'How is your machine?', kind: 'text', storesAs: 'attitude' },
      { id: 'interest', text: 'What interests you?', kind: 'text', storesAs: 'interest' },
    ],
  },
  ...over,
});

/** Creates a campaign as a supervisor and waits until its list is built. */
export async function createCampaign(t: TestApp, token: string, over: Partial<CampaignCreate> = {}) {
  const res = await t.api<Campaign>('POST', '/api/campaigns', { token, body: campaignInput(over) });
  if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${JSON.stringify(res.body)}`);
  return eventually(async () => {
    const got = await t.api<Campaign>('GET', `/api/campaigns/${res.body.id}`, { token });
    return got.body.status === 'active' ? got.body : undefined;
  }, 5000, 'call list built');
}

export const next = (t: TestApp, token: string, campaignId: string) => t.api<NextContact>('POST', `/api/campaigns/${campaignId}/next`, { token });

export function dispose(t: TestApp, token: string, campaignId: string, entryId: string, body: Record<string, unknown>) {
  return t.api<{ next: string; dueAt?: string; progress: Campaign['progress'] } & { error?: { message: string } }>('POST', `/api/campaigns/${campaignId}/contacts/${entryId}/disposition`, { token, body });
}
