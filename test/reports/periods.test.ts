import { describe, expect, it } from 'vitest';
import { bucketOf, isoWeek, periodLabeller, periodOf, reportRange, splitIntoBuckets, zonedMidnight } from '../../server/reports/periods.js';
import { random } from '../support/random.js';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('local days in a time zone', () => {
  it.each([
    ['2026-03-10', 'UTC', '2026-03-10T00:00:00.000Z'],
    // Tehran is +03:30 all year (no DST since 2022): a half-hour offset.
    ['2026-03-10', 'Asia/Tehran', '2026-03-09T20:30:00.000Z'],
    ['2026-11-30', 'Asia/Shanghai', '2026-11-29T16:00:00.000Z'],
    // Bucharest: +02:00 in winter, +03:00 in summer.
    ['2026-03-29', 'Europe/Bucharest', '2026-03-28T22:00:00.000Z'],
    ['2026-03-30', 'Europe/Bucharest', '2026-03-29T21:00:00.000Z'],
    ['2026-10-25', 'Europe/Bucharest', '2026-10-24T21:00:00.000Z'],
    ['2026-07-01', 'America/New_York', '2026-07-01T04:00:00.000Z'],
    // Santiago and Havana spring forward at midnight (00:00 → 01:00): the day starts at the jump, not an
    // hour before it (which is still the day before).
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['2026-03-08', 'America/Havana', '2026-03-08T05:00:00.000Z'],
  ])('%s starts in %s at %s', (day, tz, start) => {
    expect(iso(zonedMidnight(day, tz))).toBe(start);
  });

  it('a range covers whole local days: the spring DST day has 23 hours, the autumn one 25', () => {
    const spring = reportRange('2026-03-29', '2026-03-29', 'Europe/Bucharest');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const autumn = reportRange('2026-10-25', '2026-10-25', 'Europe/Bucharest');
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
    // The day before a jump at midnight keeps its last hour: 24 hours, then the 23-hour day.
    const [before, jump] = [reportRange('2026-09-05', '2026-09-05', 'America/Santiago'), reportRange('2026-09-06', '2026-09-06', 'America/Santiago')];
    expect([(before.end - before.start) / 3_600_000, (jump.end - jump.start) / 3_600_000, jump.start - before.end]).toEqual([24, 23, 0]);
    const week = reportRange('2026-03-09', '2026-03-15', 'Asia/Tehran');
    expect([iso(week.start), iso(week.end)]).toEqual(['2026-03-08T20:30:00.000Z', '2026-03-15T20:30:00.000Z']);
  });
});

describe('period labels', () => {
  it.each([
    // The first half-hour of 10 March in Tehran, and the next one: the same local hour.
    ['2026-03-09T20:30:00Z', 'Asia/Tehran', 'hour', '2026-03-10T00:00'],
    ['2026-03-09T21:00:00Z', 'Asia/Tehran', 'hour', '2026-03-10T00:00'],
    ['2026-03-09T21:30:00Z', 'Asia/Tehran', 'hour', '2026-03-10T01:00'],
    ['2026-03-09T20:00:00Z', 'Asia/Tehran', 'day', '2026-03-09'],
    ['2026-03-09T20:30:00Z', 'Asia/Tehran', 'day', '2026-03-10'],
    ['2026-03-09T20:30:00Z', 'Asia/Tehran', 'hour-of-day', '00:00'],
    ['2026-03-09T20:30:00Z', 'Asia/Tehran', 'month', '2026-03'],
    ['2026-02-28T21:00:00Z', 'Asia/Tehran', 'month', '2026-03'],
    ['2026-11-30T10:00:00Z', 'UTC', 'week', '2026-W49'],
    // After the spring change Bucharest is +3: 01:00 UTC is 04:00 local (03:00 never happened).
    ['2026-03-29T01:00:00Z', 'Europe/Bucharest', 'hour', '2026-03-29T04:00'],
    ['2026-03-29T00:30:00Z', 'Europe/Bucharest', 'hour', '2026-03-29T02:00'],
  ] as const)('%s in %s by %s is %s', (at, tz, groupBy, label) => {
    expect(periodOf(utc(at), tz, groupBy)).toBe(label);
  });

  it.each([
    [2026, 1, 1, '2026-W01'],
    [2027, 1, 1, '2026-W53'],
    [2024, 12, 30, '2025-W01'],
    [2026, 12, 31, '2026-W53'],
    [2021, 1, 3, '2020-W53'],
  ])('ISO week of %i-%i-%i is %s', (y, m, d, week) => {
    expect(isoWeek(y, m, d)).toBe(week);
  });
});

describe('labelling many instants of one zone', () => {
  // Zones whose offset changes on some day of 2026 (DST, by an hour or half an hour), zones at :30 and :45
  // from UTC, and zones that never change: each labels every instant as asking the zone at it does.
  const zones = ['Europe/Bucharest', 'Asia/Tehran', 'Asia/Shanghai', 'Europe/Budapest', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'America/New_York', 'UTC'];
  const groupings = ['hour', 'day', 'week', 'month', 'hour-of-day'] as const;
  const next = random(7);
  // Every 7 min 13 s through each zone's transition days of 2026 (and the days beside them), and random
  // instants through the year; minutes on either side of every midnight and hour.
  const transitions = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01'];
  const instants = [
    ...transitions.flatMap((day) => Array.from({ length: 3 * 200 }, (_, k) => utc(`${day}T00:00:00Z`) - 86_400_000 + k * 433_000)),
    ...Array.from({ length: 2000 }, () => utc('2026-01-01T00:00:00Z') + Math.floor(next() * 365 * 86_400_000)),
    ...Array.from({ length: 200 }, (_, k) => utc('2026-06-01T00:00:00Z') + k * 1_800_000 + (k % 2 ? -1 : 59_999)),
  ];

  it.each(zones)('labels every instant in %s as periodOf does', (tz) => {
    for (const groupBy of groupings) {
      const label = periodLabeller(tz, groupBy);
      const wrong = instants.filter((ms) => label(ms) !== periodOf(ms, tz, groupBy)).map((ms) => `${iso(ms)} ${label(ms)} ≠ ${periodOf(ms, tz, groupBy)}`);
      expect(wrong, groupBy).toEqual([]);
    }
  });
});

describe('half-hour buckets', () => {
  it('floors an instant to its UTC half-hour', () => {
    expect(iso(bucketOf(utc('2026-03-10T10:44:59.999Z')))).toBe('2026-03-10T10:30:00.000Z');
    expect(iso(bucketOf(utc('2026-03-10T10:30:00Z')))).toBe('2026-03-10T10:30:00.000Z');
  });

  it('cuts a stretch at bucket edges', () => {
    expect(splitIntoBuckets(utc('2026-03-10T10:20:00Z'), utc('2026-03-10T11:05:00Z')).map((b) => [iso(b.bucket), b.sec])).toEqual([
      ['2026-03-10T10:00:00.000Z', 600],
      ['2026-03-10T10:30:00.000Z', 1800],
      ['2026-03-10T11:00:00.000Z', 300],
    ]);
    expect(splitIntoBuckets(utc('2026-03-10T10:20:00Z'), utc('2026-03-10T10:25:30Z'))).toEqual([{ bucket: utc('2026-03-10T10:00:00Z'), sec: 330 }]);
    expect(splitIntoBuckets(5, 5)).toEqual([]);
  });
});
