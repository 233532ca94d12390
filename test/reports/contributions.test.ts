import { describe, expect, it } from 'vitest';
import { type Contribution, difference, type InteractionInput, interactionContributions, stateContributions, stateField } from '../../server/reports/contributions.js';

const T0 = Date.parse('2026-03-10T10:00:00Z');
/** Seconds after 10:00:00 UTC. */
const at = (sec: number) => new Date(T0 + sec * 1000);
const A = '64b000000000000000000001';
const B = '64b000000000000000000002';
const CAMPAIGN = '64c000000000000000000001';
const ctx = { thresholdSec: 20 };

const call = (over: Partial<InteractionInput>): InteractionInput => ({ _id: 'i1', channel: 'voice', direction: 'inbound', queue: 'sales', createdAt: at(0), ringingAt: at(0), ...over });
const of = (cs: Contribution[], kind: Contribution['kind']) => cs.filter((c) => c.kind === kind);
const sumsOf = (cs: Contribution[], kind: Contribution['kind']) => of(cs, kind).map((c) => c.sums);

describe('what an inbound interaction adds to the queue figures', () => {
  it.each([
    [
      'answered in 15 s, 120 s talk, 30 s after-call work',
      call({ agentId: A, connectedAt: at(15), endedAt: at(135), wrappedUpAt: at(165) }),
      { offered: 1, answered: 1, answeredWithinThreshold: 1, asaSum: 15, asaCount: 1, talkSum: 120, talkCount: 1, acwSum: 30, acwCount: 1 },
    ],
    ['answered on the threshold (20 s) is within', call({ agentId: A, connectedAt: at(20) }), { offered: 1, answered: 1, answeredWithinThreshold: 1, asaSum: 20, asaCount: 1 }],
    ['answered in 25 s is late', call({ agentId: A, connectedAt: at(25) }), { offered: 1, answered: 1, asaSum: 25, asaCount: 1 }],
    ['hung up after 3 s: abandoned, and short', call({ endedAt: at(3) }), { offered: 1, abandoned: 1, abandonedShort: 1 }],
    ['hung up after 5 s: still short', call({ endedAt: at(5) }), { offered: 1, abandoned: 1, abandonedShort: 1 }],
    ['hung up after 40 s: abandoned', call({ endedAt: at(40) }), { offered: 1, abandoned: 1 }],
    ['still ringing: offered only', call({}), { offered: 1 }],
    // The platform's own answer (an IVR) is not a connection: still abandoned when it ends.
    ['answered by the platform only, then ended: abandoned', call({ endedAt: at(60) }), { offered: 1, abandoned: 1 }],
    [
      'wrapped up during the call: no after-call work',
      call({ agentId: A, connectedAt: at(10), endedAt: at(70), wrappedUpAt: at(50) }),
      { offered: 1, answered: 1, answeredWithinThreshold: 1, asaSum: 10, asaCount: 1, talkSum: 60, talkCount: 1, acwCount: 1 },
    ],
    ['transferred twice', call({ agentId: B, connectedAt: at(10), transferCount: 2 }), { offered: 1, answered: 1, answeredWithinThreshold: 1, asaSum: 10, asaCount: 1, transfers: 2 }],
  ])('%s', (_what, i, sums) => {
    const cs = interactionContributions(i, ctx);
    expect(sumsOf(cs, 'queue')).toEqual([sums]);
    expect(of(cs, 'queue')[0].bucket).toBe(T0);
  });

  it('counts a call by the half-hour it rang in, under its queue, channel and agent', () => {
    const [q] = of(interactionContributions(call({ ringingAt: at(29 * 60 + 50), agentId: A, connectedAt: at(31 * 60) }), ctx), 'queue');
    expect(q.bucket).toBe(T0);
    expect(q.dims).toEqual({ queue: 'sales', channel: 'voice', agentId: A });
    expect(of(interactionContributions(call({ queue: null }), ctx), 'queue')[0].dims.queue).toBe('default');
  });
});

describe('what an interaction adds to its agent', () => {
  it('credits the connected agent with the handled interaction, talk and after-call work, by the half-hour it was connected', () => {
    const cs = interactionContributions(call({ channel: 'chat', agentId: A, ringingAt: at(0), connectedAt: at(40 * 60), endedAt: at(50 * 60), wrappedUpAt: at(51 * 60) }), ctx);
    expect(of(cs, 'agent')).toEqual([
      { kind: 'agent', bucket: T0 + 30 * 60_000, dims: { agentId: A, channel: 'chat', queue: 'sales', campaignId: '' }, sums: { handledChat: 1, talkSum: 600, acwSum: 60, handleCount: 1 } },
    ]);
  });

  it('credits each transfer to the agent it left, known by the last transfer', () => {
    const cs = interactionContributions(
      call({
        agentId: B,
        agentName: 'Ben',
        connectedAt: at(10),
        transferCount: 1,
        lastTransfer: { at: at(100), fromAgentId: A, fromAgentName: 'Ann' },
        changes: [{ at: at(100), what: 'transferred', detail: { fromAgent: 'Ann' } }],
      }),
      ctx,
    );
    expect(of(cs, 'agent').map((c) => [c.dims.agentId, c.sums])).toEqual([
      [B, { handledVoice: 1 }],
      [A, { transfersOut: 1 }],
    ]);
  });

  it('adds nothing for an agent who was offered but never connected', () => {
    expect(of(interactionContributions(call({ agentId: A, endedAt: at(30) }), ctx), 'agent')).toEqual([]);
  });
});

describe('outbound campaign calls', () => {
  const attempt = (over: Partial<InteractionInput>) => call({ direction: 'outbound', queue: null, campaignId: CAMPAIGN, agentId: A, ...over });

  it.each([
    ['a sale: reached and converted', attempt({ connectedAt: at(5), endedAt: at(65), disposition: 'sale' }), {}, { attempts: 1, reached: 1, conversions: 1, 'disp:sale': 1 }],
    ['no answer', attempt({ endedAt: at(30), disposition: 'no-answer' }), {}, { attempts: 1, 'disp:no-answer': 1 }],
    ['a callback agreed', attempt({ connectedAt: at(5), disposition: 'callback' }), {}, { attempts: 1, reached: 1, callbacksScheduled: 1, 'disp:callback': 1 }],
    ['the callback kept', attempt({ connectedAt: at(5), disposition: 'not-interested' }), { keptCallback: true }, { attempts: 1, reached: 1, callbacksKept: 1, 'disp:not-interested': 1 }],
    ['not recorded yet', attempt({}), {}, { attempts: 1 }],
  ])('%s', (_what, i, extra, sums) => {
    const cs = interactionContributions(i, { ...ctx, ...extra });
    expect(sumsOf(cs, 'campaign')).toEqual([sums]);
    expect(of(cs, 'queue')).toEqual([]);
  });

  it('counts the telemarketer\'s connected call as handled outbound', () => {
    expect(sumsOf(interactionContributions(attempt({ connectedAt: at(5), endedAt: at(65) }), ctx), 'agent')).toEqual([{ handledOutbound: 1, talkSum: 60, handleCount: 1 }]);
  });
});

describe('offers', () => {
  it('counts each offer once: presented, its latest outcome, and the quoted price of an accepted one', () => {
    const cs = interactionContributions(
      call({
        agentId: A,
        presentedOffers: [
          { offerId: 'x', title: 'Extended warranty', price: 99, at: at(0) },
          { offerId: 'y', title: 'Upgrade', price: 10, at: at(0) },
        ],
        offers: [
          { offerId: 'x', title: 'Extended warranty', price: 99, outcome: 'declined', at: at(60) },
          { offerId: 'x', title: 'Extended warranty', price: 89, outcome: 'accepted', at: at(90) },
          { offerId: 'z', title: 'Mentioned by the agent', price: 5, outcome: 'declined', at: at(100) },
        ],
      }),
      { ...ctx, segment: 'champions' },
    );
    expect(of(cs, 'offer').map((c) => [c.dims.offerId, c.dims.segment, c.sums, c.labels])).toEqual([
      ['x', 'champions', { presented: 1, accepted: 1, revenue: 89 }, { title: 'Extended warranty' }],
      ['y', 'champions', { presented: 1 }, { title: 'Upgrade' }],
      ['z', 'champions', { presented: 1, declined: 1 }, { title: 'Mentioned by the agent' }],
    ]);
    expect(of(interactionContributions(call({ presentedOffers: [{ offerId: 'y', at: at(0) }] }), ctx), 'offer')[0].dims.segment).toBe('unknown');
  });
});

describe('replacing an interaction\'s contribution', () => {
  it('a wrap-up after the end adds only the after-call work', () => {
    const ended = interactionContributions(call({ agentId: A, connectedAt: at(10), endedAt: at(70) }), ctx);
    const wrapped = interactionContributions(call({ agentId: A, connectedAt: at(10), endedAt: at(70), wrappedUpAt: at(100) }), ctx);
    expect(difference(ended, wrapped).map((d) => [d.kind, d.sums])).toEqual([
      ['queue', { acwSum: 30, acwCount: 1 }],
      ['agent', { acwSum: 30 }],
    ]);
  });

  it('seeing the same interaction again changes nothing', () => {
    const cs = interactionContributions(call({ agentId: A, connectedAt: at(10), endedAt: at(70), wrappedUpAt: at(100), presentedOffers: [{ offerId: 'x', at: at(0) }] }), ctx);
    // No figure moves and the offer's title is the same: nothing to write (a chat's every message was
    // once a rewrite of its rollups' labels).
    expect(difference(cs, cs)).toEqual([]);
  });

  it('a new title alone is a difference: the label is written, no figure moves', () => {
    const titled = (title: string) => interactionContributions(call({ presentedOffers: [{ offerId: 'x', title, at: at(0) }] }), ctx);
    expect(difference(titled('Warranty'), titled('Extended warranty'))).toEqual([expect.objectContaining({ kind: 'offer', sums: {}, labels: { title: 'Extended warranty' } })]);
    expect(difference([], titled('Warranty')).find((d) => d.kind === 'offer')).toMatchObject({ labels: { title: 'Warranty' }, sums: { presented: 1 } });
  });

  it('a transfer to another queue moves the whole call there', () => {
    const before = interactionContributions(call({ agentId: A, connectedAt: at(10) }), ctx);
    const after = interactionContributions(call({ queue: 'service', agentId: B, connectedAt: at(10), transferCount: 1 }), ctx);
    const queueDiffs = difference(before, after).filter((d) => d.kind === 'queue');
    expect(queueDiffs.map((d) => [d.dims.queue, d.dims.agentId, d.sums.offered, d.sums.answered])).toEqual([
      ['sales', A, -1, -1],
      ['service', B, 1, 1],
    ]);
  });

  it('an erased interaction takes back everything it added', () => {
    const cs = interactionContributions(call({ agentId: A, connectedAt: at(10), endedAt: at(70) }), ctx);
    expect(difference(cs, []).every((d) => Object.values(d.sums).every((v) => v < 0))).toBe(true);
  });
});

describe('agent state stretches', () => {
  it.each([
    ['available', undefined, 'available'],
    ['on-call', undefined, 'onCall'],
    ['on-chat', undefined, 'onChat'],
    ['after-call-work', undefined, 'afterCallWork'],
    ['offered', undefined, 'offered'],
    ['not-ready', 'lunch', 'nr:lunch'],
    ['not-ready', undefined, 'nr:unknown'],
    ['offline', undefined, 'offline'],
  ])('%s (%s) is summed as %s', (state, reason, field) => {
    expect(stateField(state, reason)).toBe(field);
  });

  it('cuts a break across half-hours', () => {
    expect(stateContributions(A, 'not-ready', 'break', T0 + 20 * 60_000, T0 + 65 * 60_000).map((c) => [c.bucket - T0, c.sums])).toEqual([
      [0, { 'nr:break': 600 }],
      [30 * 60_000, { 'nr:break': 1800 }],
      [60 * 60_000, { 'nr:break': 300 }],
    ]);
  });
});
