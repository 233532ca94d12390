import type { Campaign } from '@shared/schemas/campaign';

/** Figures of a campaign half worked: 40 reached of 120, 10 sales. */
export const baseProgress = {
  total: 120,
  attempted: 50,
  reached: 40,
  converted: 10,
  remaining: 80,
  callbacks: 3,
  byDisposition: { sale: 10, 'not-interested': 20, 'no-answer': 10 },
  excluded: { 'opted-out': 7, household: 4 },
};

/** A campaign as the server sends it (dates as ISO strings), with `over` laid on top. */
export function campaignWire(over: Partial<Record<keyof Campaign, unknown>> = {}) {
  return {
    id: '665f1c2e8b3e4a0012000001',
    name: 'Dishwasher tablets refill',
    status: 'active',
    offerCodes: ['TABLETS'],
    script: { opening: 'Hello, this is the appliance shop.', questions: [] },
    segment: { boughtCategories: ['dishwashers'] },
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-12-31T23:59:59.000Z',
    callingHours: { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5] },
    maxAttempts: 3,
    retryMinutes: 240,
    onePerHousehold: true,
    progress: baseProgress,
    ...over,
  };
}

export const offerWire = (code: string, title: string, active = true) => ({
  id: `offer-${code}`,
  code,
  title,
  kind: 'complement',
  price: 9.99,
  purpose: 'marketing',
  channel: 'phone',
  active,
  suppressDays: 90,
  quoteDays: 14,
  eligibility: {},
});
