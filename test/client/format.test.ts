import { describe, expect, it } from 'vitest';
import { formatsFor } from '@/format';

// A local time, so the expectations hold in any time zone the tests run in.
const afternoon = new Date(2026, 0, 2, 15, 5, 9);

describe('one time format per language', () => {
  it.each([
    // language, time of day (charts, a call's start), clock (the live feed)
    ['en-US', '03:05 PM', '03:05:09 PM'],
    ['en-GB', '15:05', '15:05:09'],
    ['de-DE', '15:05', '15:05:09'],
    ['ro-RO', '15:05', '15:05:09'],
  ])('%s: the charts and the feed use the same hour cycle', (locale, time, clock) => {
    const f = formatsFor(locale);
    expect(f.time(afternoon)).toBe(time);
    expect(f.clock(afternoon)).toBe(clock);
  });

  it('takes strings and timestamps as well as dates', () => {
    const f = formatsFor('en-GB');
    expect(f.time(afternoon.getTime())).toBe('15:05');
    expect(f.clock(afternoon.toISOString())).toBe('15:05:09');
    expect(f.date(afternoon)).toBe('2 Jan 2026');
    expect(f.dateTimeSeconds(afternoon)).toBe('2 Jan 2026, 15:05:09');
  });
});
