import { describe, expect, it } from 'vitest';
import { isCallable, localClock, nextOpening, openZones } from '../../server/campaigns/calling-hours.js';
import { exclusionOf, nextStep, tally } from '../../server/campaigns/call-list-rules.js';
import { segmentToFilter } from '../../server/campaigns/segment-filter.js';

const WEEKDAYS = { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5] };

describe('calling hours', () => {
  it('judges the customer’s own clock, across time zones and summer time', () => {
    // Friday 27 March 2026, 19:30 UTC: 19:30 in London (winter), 20:30 in Paris, Saturday 04:30 in Tokyo.
    const at = new Date('2026-03-27T19:30:00Z');
    expect(localClock(at, 'Europe/Paris')).toEqual({ weekday: 5, time: '20:30' });
    expect(isCallable(at, 'Europe/London', WEEKDAYS)).toBe(true);
    expect(isCallable(at, 'Europe/Paris', WEEKDAYS)).toBe(false);
    expect(isCallable(at, 'Asia/Tokyo', WEEKDAYS)).toBe(false);
    // After the clocks go forward (29 March), 19:30 UTC is 20:30 in London: closed.
    expect(isCallable(new Date('2026-03-30T19:30:00Z'), 'Europe/London', WEEKDAYS)).toBe(false);
    expect(openZones(at, ['Europe/London', 'Europe/Paris', 'Europe/London'], WEEKDAYS)).toEqual(['Europe/London']);
  });

  it('finds when the list reopens, up to a week ahead', () => {
    // Friday 20:30 in London: next opening is Monday 09:00.
    expect(nextOpening(new Date('2026-11-27T20:30:00Z'), ['Europe/London'], WEEKDAYS)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(nextOpening(new Date('2026-11-30T09:10:00Z'), ['Europe/London'], { from: '09:00', to: '09:10', days: [1] })?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('treats an unknown zone as the contact centre’s own', () => {
    expect(isCallable(new Date('2026-11-24T10:00:00Z'), 'Mars/Olympus', WEEKDAYS)).toBe(true);
  });
});

describe('list rules', () => {
  const base = { id: 'a', phones: [{ number: '+447700900001' }], consents: [], doNotCall: false };
  it('gives one reason per excluded customer, in order of precedence', () => {
    const none = new Set<string>();
    expect(exclusionOf({ ...base, doNotCall: true, phones: [] }, undefined, none)).toBe('do-not-call');
    expect(exclusionOf({ ...base, consents: [{ purpose: 'marketing', channel: 'phone', granted: false }] }, undefined, none)).toBe('opted-out');
    expect(exclusionOf({ ...base, consents: [{ purpose: 'marketing', channel: 'email', granted: false }] }, undefined, none)).toBeUndefined();
    expect(exclusionOf({ ...base, phones: [] }, undefined, none)).toBe('no-phone');
    expect(exclusionOf({ ...base, purpose: 'erased: anonymous aggregates only' }, undefined, none)).toBe('erased');
    expect(exclusionOf(base, undefined, new Set(['a']))).toBe('already-responded');
    const households = new Set<string>();
    expect(exclusionOf({ ...base, householdId: 'H' }, households, none)).toBeUndefined();
    expect(exclusionOf({ ...base, id: 'b', householdId: 'H' }, households, none)).toBe('household');
  });

  it('schedules retries with spacing until the attempts run out', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const c = { maxAttempts: 3, retryMinutes: 30 };
    expect(nextStep('no-answer', 1, c, now)).toEqual({ next: 'retry', dueAt: new Date('2026-11-24T10:30:00Z') });
    expect(nextStep('voicemail', 3, c, now)).toEqual({ next: 'done', reason: 'max-attempts' });
    expect(nextStep('callback', 1, c, now, new Date('2026-11-25T10:00:00Z'))).toEqual({ next: 'callback', dueAt: new Date('2026-11-25T10:00:00Z') });
    expect(nextStep('sale', 1, c, now)).toEqual({ next: 'done', reason: 'sale' });
  });

  it('adds up progress, counting a contact withdrawn after a call as attempted', () => {
    const p = tally([
      { status: 'done', attempts: 1, reached: true, converted: true, history: [{ disposition: 'sale' }] },
      { status: 'pending', attempts: 1, priority: 0, reached: true, history: [{ disposition: 'callback' }] },
      { status: 'excluded', reason: 'do-not-call', attempts: 1, history: [{ disposition: 'no-answer' }] },
      { status: 'excluded', reason: 'opted-out', attempts: 0 },
      { status: 'pending', attempts: 0, priority: 2 },
    ]);
    expect(p).toEqual({
      total: 4,
      attempted: 3,
      reached: 2,
      converted: 1,
      remaining: 2,
      callbacks: 1,
      byDisposition: { sale: 1, callback: 1, 'no-answer': 1 },
      excluded: { 'do-not-call': 1, 'opted-out': 1 },
    });
  });
});

describe('segment filter', () => {
  it('puts request values only under operators it chooses', () => {
    expect(segmentToFilter({})).toEqual({});
    expect(segmentToFilter({ segments: ['loyal'], regions: ['Wales'], minSpend: 100, phoneConsent: 'granted' })).toEqual({
      $and: [
        { 'value.segment': { $in: ['loyal'] } },
        { 'addresses.region': { $in: ['Wales'] } },
        { 'totals.spend': { $gte: 100 } },
        { consents: { $elemMatch: { purpose: 'marketing', channel: 'phone', granted: true } } },
      ],
    });
    expect(segmentToFilter({ notBoughtCategories: ['tvs'] }, { contactedSince: ['x'] })).toEqual({
      $and: [{ 'owned.category': { $nin: ['tvs'] } }, { 'owned.sku': { $nin: ['tvs'] } }, { _id: { $nin: ['x'] } }],
    });
  });
});
