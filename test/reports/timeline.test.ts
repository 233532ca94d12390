import { describe, expect, it } from 'vitest';
import { dayRange, dayStart, daysBetween, nextDay } from '../../server/reports/zone-days.js';
import { type StateChange, timelineSegments } from '../../server/reports/timeline.js';

const at = (iso: string) => new Date(iso);
const change = (iso: string, to: string, reason?: string): StateChange => ({ at: at(iso), to, reason });
/** Segments as [state(/reason), from, to] in ISO, to read against the tables. */
const plain = (segments: ReturnType<typeof timelineSegments>) =>
  segments.map((s) => [s.reason ? `${s.state}/${s.reason}` : s.state, s.from.toISOString(), s.to.toISOString()]);

describe('local days as instants', () => {
  it.each([
    // [day, zone, first instant, hours in the day]
    ['2026-12-02', 'UTC', '2026-12-02T00:00:00.000Z', 24],
    ['2026-03-29', 'Europe/Bucharest', '2026-03-28T22:00:00.000Z', 23],
    ['2026-10-25', 'Europe/Bucharest', '2026-10-24T21:00:00.000Z', 25],
    ['2026-06-01', 'Asia/Tehran', '2026-05-31T20:30:00.000Z', 24],
    // Tehran's last spring-forward jumped from 00:00 to 01:00: the day starts at the jump.
    ['2021-03-22', 'Asia/Tehran', '2021-03-21T20:30:00.000Z', 23],
    // Havana falls back from 01:00 to 00:00: midnight twice, the day starts at the first.
    ['2026-11-01', 'America/Havana', '2026-11-01T04:00:00.000Z', 25],
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z', 23],
  ])('%s in %s starts at %s and lasts %i hours', (day, tz, start, hours) => {
    expect(dayStart(day, tz).toISOString()).toBe(start);
    const range = dayRange(day, day, tz);
    expect((range.end.getTime() - range.start.getTime()) / 3600_000).toBe(hours);
  });

  it('counts days across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
    expect(daysBetween('2025-11-01', '2026-12-05')).toBe(399);
    // Daylight saving inside the range changes nothing to the count of days.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});

describe('timelineSegments', () => {
  it('covers a 23-hour DST day in Europe/Bucharest with the day\'s stretches', () => {
    const { start, end } = dayRange('2026-03-29', '2026-03-29', 'Europe/Bucharest');
    const segments = timelineSegments(
      change('2026-03-28T15:00:00Z', 'offline'),
      [
        change('2026-03-29T06:00:00Z', 'not-ready', 'login'),
        change('2026-03-29T06:01:00Z', 'available'),
        change('2026-03-29T06:30:00Z', 'offered'),
        change('2026-03-29T06:30:10Z', 'on-call'),
        change('2026-03-29T06:40:10Z', 'after-call-work'),
        change('2026-03-29T06:42:00Z', 'available'),
        change('2026-03-29T10:00:00Z', 'not-ready', 'lunch'),
        change('2026-03-29T10:45:00Z', 'available'),
        change('2026-03-29T14:00:00Z', 'offline'),
      ],
      start,
      end,
    );
    expect(plain(segments)).toEqual([
      ['offline', '2026-03-28T22:00:00.000Z', '2026-03-29T06:00:00.000Z'],
      ['not-ready/login', '2026-03-29T06:00:00.000Z', '2026-03-29T06:01:00.000Z'],
      ['available', '2026-03-29T06:01:00.000Z', '2026-03-29T06:30:00.000Z'],
      ['offered', '2026-03-29T06:30:00.000Z', '2026-03-29T06:30:10.000Z'],
      ['on-call', '2026-03-29T06:30:10.000Z', '2026-03-29T06:40:10.000Z'],
      ['after-call-work', '2026-03-29T06:40:10.000Z', '2026-03-29T06:42:00.000Z'],
      ['available', '2026-03-29T06:42:00.000Z', '2026-03-29T10:00:00.000Z'],
      ['not-ready/lunch', '2026-03-29T10:00:00.000Z', '2026-03-29T10:45:00.000Z'],
      ['available', '2026-03-29T10:45:00.000Z', '2026-03-29T14:00:00.000Z'],
      ['offline', '2026-03-29T14:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ]);
    const total = segments.reduce((s, x) => s + x.to.getTime() - x.from.getTime(), 0);
    expect(total / 3600_000).toBe(23);
  });

  it('uses the half-hour offset of Asia/Tehran (+03:30) and ignores changes outside the day', () => {
    const { start, end } = dayRange('2026-06-01', '2026-06-01', 'Asia/Tehran');
    const segments = timelineSegments(
      null,
      [
        // 00:10 local on 1 June is 20:40 UTC on 31 May: inside; 23:50 local on 31 May is outside.
        change('2026-05-31T20:20:00Z', 'available'),
        change('2026-05-31T20:40:00Z', 'available'),
        change('2026-06-01T05:00:00Z', 'offline'),
        change('2026-06-01T20:30:00Z', 'available'),
      ],
      start,
      end,
    );
    expect(plain(segments)).toEqual([
      ['offline', '2026-05-31T20:30:00.000Z', '2026-05-31T20:40:00.000Z'],
      ['available', '2026-05-31T20:40:00.000Z', '2026-06-01T05:00:00.000Z'],
      ['offline', '2026-06-01T05:00:00.000Z', '2026-06-01T20:30:00.000Z'],
    ]);
  });

  it.each([
    ['no change ever', null],
    ['logged off the day before', change('2026-05-01T18:00:00Z', 'offline')],
  ])('an agent offline all day (%s) is one offline stretch', (_what, before) => {
    const { start, end } = dayRange('2026-05-02', '2026-05-02', 'Europe/Bucharest');
    expect(plain(timelineSegments(before, [], start, end))).toEqual([['offline', '2026-05-01T21:00:00.000Z', '2026-05-02T21:00:00.000Z']]);
  });

  it('starts the day in the state the last change before it left, with its reason', () => {
    const start = at('2026-05-02T00:00:00Z');
    const end = at('2026-05-03T00:00:00Z');
    const segments = timelineSegments(change('2026-05-01T23:50:00Z', 'not-ready', 'break'), [change('2026-05-02T00:05:00Z', 'available')], start, end);
    expect(plain(segments)).toEqual([
      ['not-ready/break', '2026-05-02T00:00:00.000Z', '2026-05-02T00:05:00.000Z'],
      ['available', '2026-05-02T00:05:00.000Z', '2026-05-03T00:00:00.000Z'],
    ]);
  });

  it('merges the same state and reason, keeps reasons apart, and drops empty stretches', () => {
    const start = at('2026-05-02T08:00:00Z');
    const end = at('2026-05-02T12:00:00Z');
    const segments = timelineSegments(
      change('2026-05-02T07:00:00Z', 'available'),
      [
        change('2026-05-02T09:00:00Z', 'on-call', 'break'),
        // The agent chose "break" under the call, then "available": still one call.
        change('2026-05-02T09:05:00Z', 'on-call'),
        change('2026-05-02T09:10:00Z', 'not-ready', 'break'),
        change('2026-05-02T09:20:00Z', 'not-ready', 'break'),
        change('2026-05-02T09:30:00Z', 'not-ready', 'training'),
        // Two changes at the same instant: the first lasted nothing.
        change('2026-05-02T10:00:00Z', 'offered'),
        change('2026-05-02T10:00:00Z', 'available'),
      ],
      start,
      end,
    );
    expect(plain(segments)).toEqual([
      ['available', '2026-05-02T08:00:00.000Z', '2026-05-02T09:00:00.000Z'],
      ['on-call', '2026-05-02T09:00:00.000Z', '2026-05-02T09:10:00.000Z'],
      ['not-ready/break', '2026-05-02T09:10:00.000Z', '2026-05-02T09:30:00.000Z'],
      ['not-ready/training', '2026-05-02T09:30:00.000Z', '2026-05-02T10:00:00.000Z'],
      ['available', '2026-05-02T10:00:00.000Z', '2026-05-02T12:00:00.000Z'],
    ]);
    expect(segments[1]).not.toHaveProperty('reason');
  });

  it('has no stretches over an empty window (a day still to come, clipped to now)', () => {
    expect(timelineSegments(null, [], at('2026-05-02T00:00:00Z'), at('2026-05-01T12:00:00Z'))).toEqual([]);
  });
});
