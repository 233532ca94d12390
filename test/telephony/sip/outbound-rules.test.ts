import { describe, expect, it } from 'vitest';
import { type HeldContact, type OutboundQuestion, judgeOutbound, normaliseNumber, outcomeOfCode } from '../../../server/telephony/sip/outbound-rules.js';

/** Tuesday 24 November 2026, 10:00 in London. */
const NOW = new Date('2026-11-24T10:00:00Z');
const contact = (over: Partial<HeldContact> = {}): HeldContact => ({
  interactionId: 'i1',
  phone: '+44 7700 900123',
  status: 'locked',
  timezone: 'Europe/London',
  campaign: { status: 'active', startsAt: new Date('2026-11-01'), endsAt: new Date('2026-12-31'), callingHours: { from: '09:00', to: '18:00', days: [1, 2, 3, 4, 5] } },
  customer: { doNotCall: false, consents: [{ purpose: 'marketing', channel: 'phone', granted: true }] },
  ...over,
});
const question = (over: Partial<OutboundQuestion> = {}): OutboundQuestion => ({
  trunk: true,
  agent: { role: 'telemarketer' },
  number: '+447700900123',
  held: [contact()],
  now: NOW,
  ...over,
});

describe('judgeOutbound: who may dial what through the switch', () => {
  it.each<[string, Partial<OutboundQuestion>, ReturnType<typeof judgeOutbound>]>([
    ['the held contact’s number, written the way phones write it', {}, { dial: true, interactionId: 'i1' }],
    ['the same number with spaces and dashes', { number: '+44-7700 900123' }, { dial: true, interactionId: 'i1' }],
    ['the second of two contacts held (two campaigns)', { number: '+447700900555', held: [contact(), contact({ interactionId: 'i2', phone: '+447700900555' })] }, { dial: true, interactionId: 'i2' }],
    ['no trunk configured', { trunk: false }, { dial: false, reason: 'no-trunk' }],
    ['a user the console does not know', { agent: undefined }, { dial: false, reason: 'unknown-agent' }],
    ['a disabled user', { agent: { role: 'telemarketer', disabled: true } }, { dial: false, reason: 'unknown-agent' }],
    ['an inbound agent', { agent: { role: 'agent' } }, { dial: false, reason: 'not-a-dialer' }],
    ['a supervisor', { agent: { role: 'supervisor' } }, { dial: false, reason: 'not-a-dialer' }],
    ['a telemarketer holding no contact', { held: [] }, { dial: false, reason: 'no-contact-held' }],
    ['any other number', { number: '+441632960999' }, { dial: false, reason: 'not-the-contact' }],
    ['the number without its country code (not the same number)', { number: '07700900123' }, { dial: false, reason: 'not-the-contact' }],
    ['an empty number', { number: '' }, { dial: false, reason: 'not-the-contact' }],
    ['a paused campaign', { held: [contact({ campaign: { ...contact().campaign, status: 'paused' } })] }, { dial: false, reason: 'campaign-not-active' }],
    ['a campaign that has ended', { held: [contact({ campaign: { ...contact().campaign, endsAt: new Date('2026-11-20') } })] }, { dial: false, reason: 'campaign-not-active' }],
    ['a customer on the do-not-call list', { held: [contact({ customer: { doNotCall: true } })] }, { dial: false, reason: 'do-not-call' }],
    ['a contact withdrawn while held', { held: [contact({ status: 'excluded' })] }, { dial: false, reason: 'do-not-call' }],
    ['phone marketing consent withdrawn', { held: [contact({ customer: { consents: [{ purpose: 'marketing', channel: 'phone', granted: false }] } })] }, { dial: false, reason: 'no-consent' }],
    ['outside the customer’s calling hours (19:00 in Tokyo)', { held: [contact({ timezone: 'Asia/Tokyo' })] }, { dial: false, reason: 'outside-hours' }],
  ])('%s', (_name, over, verdict) => {
    expect(judgeOutbound(question(over))).toEqual(verdict);
  });
});

describe('normaliseNumber and outcomeOfCode', () => {
  it.each([
    ['+44 (0)20 7946-0000', '+440207946000' + '0'],
    [' 0207 946 0000 ', '02079460000'],
  ])('normalises %s', (raw, want) => expect(normaliseNumber(raw)).toBe(want));

  it.each([
    [200, 'answered'],
    [486, 'busy'],
    [600, 'busy'],
    [408, 'no-answer'],
    [480, 'no-answer'],
    [487, 'no-answer'],
    [404, 'failed'],
    [503, 'failed'],
  ] as const)('reads SIP %i as %s', (code, outcome) => expect(outcomeOfCode(code)).toBe(outcome));
});
