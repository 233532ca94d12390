import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLocale, useDisplayLocale } from '@/format';
import { chartOf } from '@/reports/report-chart';
import { cellOf, columnKind, columnsOf } from '@/reports/report-columns';
import { cellText, columnLabel, periodText } from '@/reports/report-labels';
import { addDays, defaultQuery, forKind, fromUrl, searchOf, todayIn, toUrl } from '@/reports/report-query';
import { dayBounds, hourMarks, placeSegments, zoneOffsetMs } from '@/reports/timeline-layout';
import { danaDay, danaTimeline, expectedColumns, ids, reportOf, week } from './reports-fixtures';

describe('the report asked for, as the URL keeps it', () => {
  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-30', -6, '2026-11-24'],
  ])('%s moved by %i days is %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it.each([
    // 23:30 UTC on 30 November is already 1 December in Tehran and Shanghai, still 30 November in New York.
    ['Asia/Tehran', '2026-12-01'],
    ['Asia/Shanghai', '2026-12-01'],
    ['America/New_York', '2026-11-30'],
    ['UTC', '2026-11-30'],
  ])('today in %s is %s', (tz, day) => {
    expect(todayIn(tz, new Date('2026-11-30T23:30:00Z'))).toBe(day);
  });

  it('asks for the last seven days up to today, by day, by default', () => {
    expect(defaultQuery('Asia/Tehran', new Date('2026-11-30T23:30:00Z'))).toEqual({ from: '2026-11-25', to: '2026-12-01', tz: 'Asia/Tehran', groupBy: 'day' });
  });

  it('reads a complete URL back as it was written', () => {
    const query = { ...week, groupBy: 'week' as const, team: 'north', agentId: ids.dana };
    const url = toUrl('agents', query);
    expect(url).toEqual({ kind: 'agents', from: '2026-11-24', to: '2026-11-30', tz: 'Europe/Bucharest', groupBy: 'week', team: 'north', agentId: ids.dana });
    expect(fromUrl(url as Record<string, string>)).toEqual({ kind: 'agents', query });
  });

  it('fills what the URL lacks with the defaults, and falls back from an unknown kind or grouping', () => {
    expect(fromUrl({ kind: 'weather', groupBy: 'fortnight', from: '2026-11-01' }, week)).toEqual({ kind: 'queues', query: { ...week, from: '2026-11-01' } });
  });

  it.each([
    [{ from: '2026-12-01', to: '2026-11-01' }, 'range-order'],
    [{ from: '2025-01-01', to: '2026-11-30' }, 'range-too-long'],
    [{ tz: 'Mars/Olympus' }, 'time-zone'],
    [{ from: '30/11/2026' }, 'from'],
  ])('keeps a query the server would refuse, with its problem: %j → %s', (raw, problem) => {
    expect(fromUrl(raw, week).problem).toBe(problem);
  });

  it('sends only the filters a report offers', () => {
    const query = { ...week, queue: 'sales', team: 'north', campaignId: ids.spring, channel: 'chat' as const };
    expect(forKind('queues', query)).toEqual({ ...week, queue: 'sales', channel: 'chat' });
    expect(forKind('campaigns', query)).toEqual({ ...week, team: 'north', campaignId: ids.spring });
  });

  it('writes the query string in a fixed order, then the extras', () => {
    expect(searchOf({ ...week, channel: 'voice', queue: 'sales' }, { format: 'csv' })).toBe('from=2026-11-24&to=2026-11-30&tz=Europe%2FBucharest&groupBy=day&queue=sales&channel=voice&format=csv');
  });
});

describe('the table’s columns', () => {
  it.each(['queues', 'agents', 'campaigns', 'offers', 'satisfaction'] as const)('%s: the CSV’s columns, records spread one column per code of the rows and totals', (kind) => {
    const report = reportOf(kind);
    expect(columnsOf(kind, report.rows, report.totals)).toEqual(expectedColumns[kind]);
  });

  it('reads nested values, and 0 for a code the row lacks', () => {
    expect(cellOf(danaDay, 'states.onCall')).toBe(5400);
    expect(cellOf(danaDay, 'states.notReady.lunch')).toBe(1800);
    expect(cellOf(danaDay, 'states.notReady.training')).toBe(0);
    expect(cellOf(danaDay, 'ahtSec')).toBe(370.6);
  });

  it.each([
    ['period', 'period'],
    ['agentName', 'text'],
    ['channel', 'channel'],
    ['serviceLevel', 'rate'],
    ['asaSec', 'seconds'],
    ['states.notReady.lunch', 'seconds'],
    ['byDisposition.sale', 'count'],
    ['offered', 'count'],
    ['nps', 'score'],
    ['revenue', 'money'],
  ])('%s reads as %s', (column, kind) => {
    expect(columnKind(column)).toBe(kind);
  });
});

describe('the chart of a report', () => {
  it('sums volumes per period over the queues of the period', () => {
    const rows = [...reportOf('queues').rows, { ...reportOf('queues').rows[1]!, queue: 'service', offered: 5, answered: 4, abandoned: 1 }];
    expect(chartOf('queues', rows)).toEqual({
      type: 'bar',
      periods: ['2026-11-29', '2026-11-30'],
      series: [
        { key: 'offered', values: [40, 25] },
        { key: 'answered', values: [36, 24] },
        { key: 'abandoned', values: [4, 1] },
      ],
    });
  });

  it('weighs satisfaction by the answers behind it, and leaves a gap where there were none', () => {
    const base = reportOf('satisfaction').rows[0]!;
    const rows = [
      { ...base, period: 'a', csatCount: 9, csatSatisfied: 1, npsCount: 1, nps: 100 },
      { ...base, period: 'a', csatCount: 1, csatSatisfied: 0, npsCount: 3, nps: -100 },
      { ...base, period: 'b', csatCount: 0, csatSatisfied: null, npsCount: 0, nps: null },
    ];
    expect(chartOf('satisfaction', rows)).toEqual({
      type: 'line',
      periods: ['a', 'b'],
      series: [
        { key: 'csatSatisfied', values: [90, null] },
        { key: 'nps', values: [-50, null] },
      ],
    });
  });
});

describe('the activity timeline’s layout', () => {
  it.each([
    ['Asia/Tehran', '2026-11-30', '2026-11-29T20:30:00.000Z', 24],
    ['Europe/Bucharest', '2026-03-29', '2026-03-28T22:00:00.000Z', 23],
    ['Europe/Bucharest', '2026-10-25', '2026-10-24T21:00:00.000Z', 25],
    ['America/New_York', '2026-11-30', '2026-11-30T05:00:00.000Z', 24],
  ])('%s: %s starts at %s and lasts %i hours', (tz, day, start, hours) => {
    const bounds = dayBounds(day, tz);
    expect(new Date(bounds.start).toISOString()).toBe(start);
    expect((bounds.end - bounds.start) / 3_600_000).toBe(hours);
  });

  it('knows a zone’s offset at an instant', () => {
    expect(zoneOffsetMs('Asia/Tehran', Date.parse('2026-11-30T00:00:00Z'))).toBe(3.5 * 3_600_000);
  });

  it('places each stretch as a share of the day, clipped to it', () => {
    const placed = placeSegments({
      ...danaTimeline,
      segments: [
        // Began the evening before: only its part of the day shows.
        { state: 'offline', from: new Date('2026-11-29T12:00:00Z'), to: new Date('2026-11-30T04:00:00Z') },
        ...danaTimeline.segments,
        { state: 'offline', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-01T03:00:00Z') },
      ],
    });
    expect(placed[0]).toMatchObject({ state: 'offline', start: 0, width: (6 / 24) * 100 });
    expect(placed[0]!.from.toISOString()).toBe('2026-11-29T22:00:00.000Z');
    expect(placed[3]).toMatchObject({ state: 'on-call', start: (9 / 24) * 100, width: (3 / 24) * 100 });
    expect(placed[4]).toMatchObject({ state: 'not-ready', reason: 'lunch' });
    // 00:00–01:00 UTC on 1 December is 02:00–03:00 Bucharest: the next day, left out.
    expect(placed).toHaveLength(6);
  });

  it('marks every third hour', () => {
    const marks = hourMarks('2026-11-30', 'Europe/Bucharest');
    expect(marks.map((m) => Math.round(m.start * 100) / 100)).toEqual([0, 12.5, 25, 37.5, 50, 62.5, 75, 87.5]);
    expect(marks[1]!.at.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });
});

describe('how a report reads', () => {
  beforeAll(() => useDisplayLocale('en-GB'));
  afterAll(() => useDisplayLocale(browserLocale()));

  it.each([
    ['total', 'Total'],
    ['2026-W48', 'Week 48, 2026'],
    ['2026-11-30', '30 Nov 2026'],
    ['2026-11-30T14:00', '30 Nov 2026, 14:00'],
    ['2026-11', 'Nov 2026'],
    ['14:00', '14:00'],
  ])('the period %s reads %s', (period, text) => {
    expect(periodText(period)).toBe(text);
  });

  it('writes periods in the user’s digits', () => {
    useDisplayLocale('fa-IR');
    try {
      expect(periodText('2026-W48')).toBe('Week ۴۸, ۲۰۲۶');
      expect(cellText('seconds', 90)).toBe('۰۱:۳۰');
    } finally {
      useDisplayLocale('en-GB');
    }
  });

  it.each([
    ['states.notReady.lunch', 'Not ready: Lunch'],
    ['states.notReady.acw-timeout', 'Not ready: After-call work timed out'],
    ['states.notReady.gardening', 'Not ready: gardening'],
    ['byDisposition.no-answer', 'Outcome: No answer'],
    ['states.onCall', 'On a call'],
    ['asaSec', 'Average speed of answer'],
  ])('the column %s is headed %s', (column, label) => {
    expect(columnLabel(column)).toBe(label);
  });

  it.each([
    ['rate', 0.755, '75.5%'],
    ['rate', null, '–'],
    ['seconds', 3725.4, '1:02:05'],
    ['count', 1234, '1,234'],
    ['channel', 'chat', 'Chat'],
    ['text', 'sales', 'sales'],
  ] as const)('a %s cell of %j reads %s', (kind, value, text) => {
    expect(cellText(kind, value)).toBe(text);
  });
});
