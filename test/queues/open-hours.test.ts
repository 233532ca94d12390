import { describe, expect, it } from 'vitest';
import { OpenSpan, QueueHours } from '../../shared/schemas/queue-hours.js';
import { isOpenAt } from '../../server/queues/open-hours.js';

const closed: never[] = [];
const weekdays = (spans: Array<{ from: string; to: string }>) => [closed, spans, spans, spans, spans, spans, closed];
const hours = (timeZone: string, week: QueueHours['week'], holidays: string[] = []): QueueHours => QueueHours.parse({ timeZone, week, holidays });

const office = hours('Europe/London', weekdays([{ from: '09:00', to: '12:30' }, { from: '13:30', to: '17:00' }]), ['2026-12-25']);
// Sundays too, so the clock-change days (both Sundays in London) have hours.
const everyDay = hours('Europe/London', Array.from({ length: 7 }, () => [{ from: '09:00', to: '17:00' }]));
const evenings = hours('Europe/Berlin', Array.from({ length: 7 }, () => [{ from: '18:00', to: '00:00' }]));
const allDay = hours('Asia/Tokyo', [closed, [{ from: '00:00', to: '00:00' }], closed, closed, closed, closed, closed], ['2026-12-28']);

describe('isOpenAt', () => {
  it.each([
    // Tuesday 24 November 2026, London on GMT.
    ['a weekday inside the morning span', office, '2026-11-24T09:00:00Z', true],
    ['one minute before opening', office, '2026-11-24T08:59:00Z', false],
    ['the lunch gap (a span ends where its `to` starts)', office, '2026-11-24T12:30:00Z', false],
    ['inside the afternoon span', office, '2026-11-24T16:59:00Z', true],
    ['at closing time', office, '2026-11-24T17:00:00Z', false],
    ['a Saturday', office, '2026-11-28T10:00:00Z', false],
    ['a holiday (Friday 25 December)', office, '2026-12-25T10:00:00Z', false],
    ['the day after the holiday', office, '2026-12-28T10:00:00Z', true],
    // London on BST: 08:30 UTC is 09:30 local.
    ['summer time: local opening is an hour earlier in UTC', office, '2026-07-07T08:30:00Z', true],
    ['summer time: 16:30 UTC is 17:30 local, closed', office, '2026-07-07T16:30:00Z', false],
    // Sunday 29 March 2026: the clocks go forward at 01:00 UTC.
    ['spring change day: 08:30 UTC is already 09:30 BST', everyDay, '2026-03-29T08:30:00Z', true],
    ['spring change day: 16:30 UTC is 17:30 BST', everyDay, '2026-03-29T16:30:00Z', false],
    ['the day before the spring change: 08:30 UTC is 08:30 GMT', everyDay, '2026-03-28T08:30:00Z', false],
    // Sunday 25 October 2026: the clocks go back at 01:00 UTC.
    ['autumn change day: 16:30 UTC is 16:30 GMT, open', everyDay, '2026-10-25T16:30:00Z', true],
    ['autumn change day: 08:30 UTC is 08:30 GMT, closed', everyDay, '2026-10-25T08:30:00Z', false],
    // A span to midnight (`to` 00:00) in Berlin (CET, UTC+1).
    ['a span to midnight, late evening', evenings, '2026-11-24T22:59:00Z', true],
    ['a span to midnight, at midnight (the next day, before 18:00)', evenings, '2026-11-24T23:00:00Z', false],
    ['a span to midnight, at its start', evenings, '2026-11-24T17:00:00Z', true],
    // Tokyo (UTC+9): Monday is open all day, by Tokyo's date and weekday, not UTC's.
    ['all day Monday: Monday 00:00 Tokyo is Sunday 15:00 UTC', allDay, '2026-11-22T15:00:00Z', true],
    ['all day Monday: Monday 23:59 Tokyo', allDay, '2026-11-23T14:59:00Z', true],
    ['all day Monday: Tuesday 00:00 Tokyo', allDay, '2026-11-23T15:00:00Z', false],
    ['a holiday by the queue’s date: Monday 28 December in Tokyo is still the 27th in UTC', allDay, '2026-12-27T16:00:00Z', false],
  ])('%s', (_what, h, at, open) => {
    expect(isOpenAt(h, new Date(at))).toBe(open);
  });
});

describe('the hours schema', () => {
  it.each([
    [{ from: '09:00', to: '17:00' }, true],
    [{ from: '18:00', to: '00:00' }, true],
    [{ from: '00:00', to: '00:00' }, true],
    [{ from: '17:00', to: '09:00' }, false],
    [{ from: '09:00', to: '09:00' }, false],
    [{ from: '09:00', to: '24:00' }, false],
    [{ from: '9:00', to: '17:00' }, false],
    [{ from: '09:00', to: '17:00', extra: 1 }, false],
  ])('span %j valid: %s', (span, valid) => {
    expect(OpenSpan.safeParse(span).success).toBe(valid);
  });

  it('refuses an unknown time zone, a week that is not seven days, more than four spans a day, a malformed holiday', () => {
    const week = weekdays([{ from: '09:00', to: '17:00' }]);
    expect(QueueHours.safeParse({ timeZone: 'Europe/London', week }).success).toBe(true);
    expect(QueueHours.safeParse({ timeZone: 'Mars/Olympus', week }).success).toBe(false);
    expect(QueueHours.safeParse({ timeZone: 'Europe/London', week: week.slice(1) }).success).toBe(false);
    const five = Array.from({ length: 5 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` }));
    expect(QueueHours.safeParse({ timeZone: 'Europe/London', week: [five, ...week.slice(1)] }).success).toBe(false);
    expect(QueueHours.safeParse({ timeZone: 'Europe/London', week, holidays: ['25/12/2026'] }).success).toBe(false);
  });
});
