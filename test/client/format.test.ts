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

describe('formats in the console languages', () => {
  const day = new Date(2026, 11, 2, 10, 5, 0);

  it('writes Persian dates in the Solar Hijri calendar with Persian digits, the Gregorian date on hover', () => {
    const f = formatsFor('fa-IR');
    expect(f.date(day)).toBe('۱۱ آذر ۱۴۰۵');
    expect(f.time(day)).toBe('۱۰:۰۵');
    expect(f.gregorian(day)).toContain('۲۰۲۶');
    expect(f.gregorian(day)).toMatch(/دسامبر|December/);
    expect(formatsFor('en-GB').gregorian(day)).toBeUndefined();
  });

  it('writes Chinese dates the Chinese way', () => {
    expect(formatsFor('zh-CN').date(day)).toBe('2026年12月2日');
  });

  it.each([
    ['en-GB', 'GBP', 1234.5, '£1,234.50'],
    ['ro-RO', 'RON', 1234.5, '1.234,50 RON'],
    ['hu-HU', 'HUF', 1234, '1234 Ft'],
    ['zh-CN', 'CNY', 1234.5, '¥1,234.50'],
    ['fa-IR', 'IRR', 1234567, '‎ریال ۱٬۲۳۴٬۵۶۷'],
  ])('%s writes %s amounts in the local way', (locale, currency, amount, text) => {
    expect(formatsFor(locale).price(amount, currency).replace(/\u00a0/g, ' ')).toBe(text);
  });
});

describe('durations in the user digits', () => {
  it('reads as a clock in Persian digits for a Persian user, Latin digits otherwise', async () => {
    const { formatDuration, useDisplayLocale } = await import('@/format');
    useDisplayLocale('fa-IR');
    expect(formatDuration(195_000)).toBe('۰۳:۱۵');
    expect(formatDuration(3_723_000)).toBe('۱:۰۲:۰۳');
    useDisplayLocale('en-GB');
    expect(formatDuration(195_000)).toBe('03:15');
  });
});
