import { CustomerPicture, CustomerSummary } from '@shared/schemas/customer';
import { Interaction, ScreenPop } from '@shared/schemas/interaction';

/** What crosses the wire: dates become strings, exactly as JSON and Socket.IO deliver them. */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

export const ids = {
  ioana: '65f1a2b3c4d5e6f708192a01',
  andrei: '65f1a2b3c4d5e6f708192a02',
  employer: '65f1a2b3c4d5e6f708192a03',
  created: '65f1a2b3c4d5e6f708192a04',
  call: '66aa00000000000000000001',
  chat: '66aa00000000000000000002',
  unknownCall: '66aa00000000000000000003',
  ambiguousCall: '66aa00000000000000000004',
  complaintOpen: '67bb00000000000000000001',
  complaintResolved: '67bb00000000000000000002',
};

/** A loyal customer slipping away: at risk, do-not-call, one open complaint, two offers to make. */
export const ioanaPicture: CustomerPicture = CustomerPicture.parse({
  profile: {
    id: ids.ioana,
    kind: 'person',
    displayName: 'Ioana Popescu',
    firstName: 'Ioana',
    lastName: 'Popescu',
    phones: [
      { label: 'mobile', number: '+40 721 555 014' },
      { label: 'home', number: '+40 264 555 220' },
    ],
    emails: [{ label: 'personal', address: 'ioana.popescu@example.ro' }],
    addresses: [{ label: 'home', line1: 'Strada Memorandumului 12', city: 'Cluj-Napoca', postcode: '400114', region: 'Cluj', country: 'RO' }],
    demographics: { ageBand: '35-44', incomeBand: 'upper-middle', occupation: 'Architect' },
    psychographics: { interests: ['home cooking', 'cycling'], attitude: 'Values quality, sensitive to delivery delays' },
    timezone: 'Europe/Bucharest',
    purpose: 'Customer service and contract fulfilment',
    createdAt: '2019-03-14T09:12:00.000Z',
    updatedAt: '2025-05-02T16:40:00.000Z',
    version: 14,
  },
  related: [
    { id: ids.andrei, displayName: 'Andrei Popescu', kind: 'person', relation: 'spouse' },
    { id: ids.employer, displayName: 'Transilvania Design SRL', kind: 'business', relation: 'employer' },
  ],
  transactions: {
    recent: [
      {
        id: '68cc00000000000000000001',
        at: '2025-03-28T14:05:00.000Z',
        total: 1249.9,
        channel: 'store',
        store: 'Cluj Iulius Mall',
        items: [{ sku: 'ESP-900', name: 'Espresso machine Barista 900', category: 'coffee-machines', qty: 1, price: 1249.9 }],
      },
      {
        id: '68cc00000000000000000002',
        at: '2021-06-11T10:30:00.000Z',
        total: 2899,
        channel: 'web',
        items: [
          { sku: 'FR-300', name: 'Fridge-freezer FrostFree 300', category: 'fridges', qty: 1, price: 2799 },
          { sku: 'FLT-01', name: 'Water filter', category: 'accessories', qty: 2, price: 50 },
        ],
      },
    ],
    totals: { count: 17, spend: 9640.5, averageBasket: 567.09, firstAt: '2019-03-20T12:00:00.000Z', lastAt: '2025-03-28T14:05:00.000Z' },
  },
  complaints: [
    {
      id: ids.complaintOpen,
      customerId: ids.ioana,
      subject: 'Espresso machine leaks water',
      category: 'product quality',
      severity: 'high',
      status: 'open',
      owner: 'mihai.ionescu',
      openedAt: '2025-04-30T08:15:00.000Z',
      updatedAt: '2025-04-30T08:15:00.000Z',
    },
    {
      id: ids.complaintResolved,
      customerId: ids.ioana,
      subject: 'Fridge delivered two days late',
      category: 'delivery',
      severity: 'medium',
      status: 'resolved',
      resolution: 'Delivery fee refunded and 10% voucher issued.',
      openedAt: '2021-06-14T09:00:00.000Z',
      updatedAt: '2021-06-16T11:00:00.000Z',
      resolvedAt: '2021-06-16T11:00:00.000Z',
    },
  ],
  preferences: { channel: 'email', contactTime: 'evening', language: 'ro', productInterests: ['coffee', 'kitchen appliances'] },
  consents: {
    items: [
      { purpose: 'service', channel: 'phone', granted: true, source: 'contract', at: '2019-03-14T09:12:00.000Z' },
      { purpose: 'service', channel: 'email', granted: true, source: 'contract', at: '2019-03-14T09:12:00.000Z' },
      { purpose: 'marketing', channel: 'email', granted: true, source: 'web-form', at: '2023-11-02T18:20:00.000Z' },
      { purpose: 'marketing', channel: 'phone', granted: false, source: 'agent:elena', at: '2024-09-10T13:45:00.000Z' },
      { purpose: 'profiling', channel: 'email', granted: false, source: 'web-form', at: '2023-11-02T18:20:00.000Z' },
    ],
    doNotCall: true,
    marketingOptOut: false,
  },
  campaigns: [{ campaignId: 'spring-coffee-25', name: 'Spring coffee week', channel: 'email', at: '2025-03-20T07:00:00.000Z', response: 'purchased' }],
  satisfaction: {
    latestCsat: 2,
    latestNps: 5,
    history: [
      { type: 'csat', score: 2, at: '2025-05-01T10:00:00.000Z', comment: 'Still waiting for the repair' },
      { type: 'nps', score: 5, at: '2025-01-15T10:00:00.000Z' },
    ],
  },
  value: {
    recency: 4,
    frequency: 4,
    monetary: 5,
    segment: 'cant-lose',
    lifetimeValue: 9640.5,
    potentialValue: 4200,
    atRisk: true,
    computedAt: '2025-05-02T02:00:00.000Z',
  },
  interactions: [
    {
      id: '69dd00000000000000000001',
      channel: 'voice',
      direction: 'inbound',
      at: '2025-04-30T08:10:00.000Z',
      agent: 'mihai.ionescu',
      disposition: 'complaint-logged',
      notes: 'Machine leaks from the boiler seal; repair pickup booked.',
      state: 'ended',
    },
    {
      id: '69dd00000000000000000002',
      channel: 'chat',
      direction: 'inbound',
      at: '2025-03-29T19:02:00.000Z',
      agent: 'elena.marin',
      disposition: 'information',
      notes: 'Asked how to descale.',
      state: 'ended',
    },
  ],
  nextBestOffers: [
    {
      offerId: 'FILTER-REPL',
      title: 'Replacement water filter pack',
      kind: 'replacement',
      purpose: 'marketing',
      consentRule: 'opt-in',
      price: 89,
      priceKind: 'amount',
      score: 0.84,
      reasons: [{ code: 'replacement-due', product: 'Water filter', boughtAt: '2021-06-10T10:00:00.000Z', lifeMonths: 12 }],
    },
    {
      offerId: 'LOYAL-5000',
      title: 'Gold loyalty card',
      kind: 'loyalty',
      purpose: 'service',
      consentRule: 'no-objection',
      price: 0,
      priceKind: 'free',
      score: 0.74,
      reasons: [{ code: 'spend-past-threshold', spend: 9641.5, threshold: 5000 }],
    },
  ],
  offerNotice: null,
});

export const andreiSummary = CustomerSummary.parse({
  id: ids.andrei,
  displayName: 'Andrei Popescu',
  kind: 'person',
  phone: '+40 264 555 220',
  email: 'andrei.popescu@example.ro',
  city: 'Cluj-Napoca',
  segment: 'loyal',
});

export const ioanaSummary = CustomerSummary.parse({
  id: ids.ioana,
  displayName: 'Ioana Popescu',
  kind: 'person',
  phone: '+40 721 555 014',
  email: 'ioana.popescu@example.ro',
  city: 'Cluj-Napoca',
  segment: 'cant-lose',
});

/** Andrei's picture: a second, plainer customer for candidate picks and related-customer clicks. */
export const andreiPicture: CustomerPicture = CustomerPicture.parse({
  ...(wire(ioanaPicture) as object),
  profile: { ...(wire(ioanaPicture.profile) as object), id: ids.andrei, displayName: 'Andrei Popescu', firstName: 'Andrei' },
  related: [{ id: ids.ioana, displayName: 'Ioana Popescu', kind: 'person', relation: 'spouse' }],
  complaints: [],
  consents: { items: [], doNotCall: false, marketingOptOut: true },
  value: { ...(wire(ioanaPicture.value) as object), segment: 'loyal', atRisk: false, lifetimeValue: 3120 },
  nextBestOffers: [],
  offerNotice: { code: 'objected', doNotCall: false },
});

/** A screen pop as the server sends it (before the client parses it). */
export function popWire(overrides: Partial<Record<keyof ScreenPop, unknown>> = {}): unknown {
  return wire({
    interactionId: ids.call,
    callId: 'cti-call-8812',
    channel: 'voice',
    from: '+40 721 555 014',
    queue: 'service',
    state: 'active',
    customer: ioanaPicture,
    candidates: [],
    transcript: [],
    ...overrides,
  });
}

export const pop = (overrides: Partial<Record<keyof ScreenPop, unknown>> = {}): ScreenPop => ScreenPop.parse(popWire(overrides));

/** The server's copy of an interaction, as PATCH answers and `interaction:updated` carry it. */
export function interactionWire(overrides: Partial<Record<keyof Interaction, unknown>> = {}): unknown {
  return wire({
    id: ids.call,
    callId: 'cti-call-8812',
    channel: 'voice',
    direction: 'inbound',
    from: '+40 721 555 014',
    to: '+40 264 000 100',
    queue: 'service',
    customerId: ids.ioana,
    agentId: '6a0000000000000000000001',
    state: 'active',
    ringingAt: '2025-05-03T09:00:00.000Z',
    answeredAt: '2025-05-03T09:00:04.000Z',
    offers: [],
    transcript: [],
    version: 3,
    ...overrides,
  });
}
