import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { reportCsv } from '../../server/reports/report-csv.js';
import { agentRow, campaignRow, groupIntoPeriods, queueRow, satisfactionRow, satisfactionSums } from '../../server/reports/report-rows.js';

const b = (iso: string) => Date.parse(iso);

describe('summing half-hours into periods', () => {
  it('groups buckets by period and key, in time order, with a total over everything', () => {
    const g = groupIntoPeriods(
      [
        { bucket: b('2026-03-11T09:00:00Z'), dims: { queue: 'sales' }, sums: { offered: 2 } },
        { bucket: b('2026-03-10T09:00:00Z'), dims: { queue: 'sales' }, sums: { offered: 1 } },
        { bucket: b('2026-03-10T21:00:00Z'), dims: { queue: 'sales' }, sums: { offered: 4 } },
        { bucket: b('2026-03-10T09:30:00Z'), dims: { queue: 'billing' }, sums: { offered: 8 } },
      ],
      'UTC',
      'day',
      (d) => d.queue,
    );
    expect(g.cells).toEqual([
      { period: '2026-03-10', key: 'billing', sums: { offered: 8 } },
      { period: '2026-03-10', key: 'sales', sums: { offered: 5 } },
      { period: '2026-03-11', key: 'sales', sums: { offered: 2 } },
    ]);
    expect(g.total).toEqual({ offered: 15 });
    // In Tehran 21:00 UTC on the 10th is already the 11th (00:30).
    expect(groupIntoPeriods([{ bucket: b('2026-03-10T21:00:00Z'), dims: { queue: 'sales' }, sums: { offered: 4 } }], 'Asia/Tehran', 'day', (d) => d.queue).cells[0].period).toBe('2026-03-11');
  });
});

describe('queue rows', () => {
  it('recomputes the totals\' service level and averages from the sums, not from the periods\' averages', () => {
    // Day 1: one answered in 10 s (within 20 s), one abandoned. Day 2: three answered in 30 s (late).
    const day1 = { offered: 2, answered: 1, answeredWithinThreshold: 1, abandoned: 1, asaSum: 10, asaCount: 1, talkSum: 100, talkCount: 1, acwSum: 20, acwCount: 1 };
    const day2 = { offered: 3, answered: 3, asaSum: 90, asaCount: 3, talkSum: 600, talkCount: 3, acwSum: 0, acwCount: 3, transfers: 1 };
    const g = groupIntoPeriods(
      [
        { bucket: b('2026-03-10T09:00:00Z'), dims: { queue: 'sales' }, sums: day1 },
        { bucket: b('2026-03-11T09:00:00Z'), dims: { queue: 'sales' }, sums: day2 },
      ],
      'UTC',
      'day',
      (d) => d.queue,
    );
    const rows = g.cells.map((c) => queueRow(c.period, c.key, c.sums));
    expect(rows.map((r) => [r.period, r.serviceLevel, r.asaSec, r.talkSec, r.acwSec, r.ahtSec])).toEqual([
      ['2026-03-10', 0.5, 10, 100, 20, 120],
      ['2026-03-11', 0, 30, 200, 0, 200],
    ]);
    // 1 within of 5 closed (not the mean of 0.5 and 0); ASA 100 / 4; talk 700 / 4; ACW 20 / 4.
    expect(queueRow('total', 'all', g.total)).toEqual({
      period: 'total',
      queue: 'all',
      offered: 5,
      answered: 4,
      abandoned: 1,
      abandonedShort: 0,
      answeredWithinThreshold: 1,
      serviceLevel: 0.2,
      asaSec: 25,
      talkSec: 175,
      acwSec: 5,
      ahtSec: 180,
      transfers: 1,
    });
  });

  it('leaves rates empty when nothing was answered or abandoned', () => {
    expect(queueRow('2026-03-10', 'sales', { offered: 1 })).toMatchObject({ serviceLevel: null, asaSec: null, talkSec: null, acwSec: null, ahtSec: null });
  });
});

describe('agent rows', () => {
  it('time in each state, logged-in time and occupancy', () => {
    const row = agentRow('2026-03-10', { id: 'a', name: 'Ann', team: 'north' }, {
      handledVoice: 3,
      talkSum: 1500,
      acwSum: 300,
      handleCount: 3,
      onCall: 1800,
      afterCallWork: 600,
      available: 1200,
      'nr:break': 600,
      'nr:login': 60,
      offline: 3600,
    });
    expect(row).toMatchObject({
      team: 'north',
      talkSec: 1500,
      acwSec: 300,
      ahtSec: 600,
      states: { available: 1200, offered: 0, onCall: 1800, onChat: 0, afterCallWork: 600, notReady: { break: 600, login: 60 }, offline: 3600 },
      // everything but offline: 1800 + 600 + 1200 + 600 + 60
      loggedInSec: 4260,
    });
    // (on call + after-call work) / (that + available) = 2400 / 3600
    expect(row.occupancy).toBeCloseTo(2 / 3, 10);
    expect(agentRow('x', { id: 'b', name: 'Ben' }, { offline: 100 }).occupancy).toBeNull();
  });
});

describe('satisfaction rows', () => {
  it('CSAT average and share satisfied; NPS as promoters minus detractors', () => {
    const sums = {};
    const add = (s: Record<string, number>) => {
      for (const [k, v] of Object.entries(s)) (sums as Record<string, number>)[k] = ((sums as Record<string, number>)[k] ?? 0) + v;
    };
    for (const score of [5, 4, 2]) add(satisfactionSums({ at: 0, type: 'csat', score }));
    for (const score of [10, 9, 7, 3]) add(satisfactionSums({ at: 0, type: 'nps', score }));
    const row = satisfactionRow('2026-03-10', 'sales', { id: 'a', name: 'Ann' }, sums);
    expect(row).toMatchObject({ csatCount: 3, csatAverage: 3.67, npsCount: 4, nps: 25, agentName: 'Ann' });
    expect(row.csatSatisfied).toBeCloseTo(2 / 3, 10);
    expect(satisfactionRow('x', 'all', undefined, {})).toMatchObject({ csatAverage: null, csatSatisfied: null, nps: null });
  });
});

describe('report CSV', () => {
  it('has REPORT_COLUMNS order, one column per not-ready reason present, the totals last, formulas escaped', () => {
    const rows = [
      agentRow('2026-03-10', { id: 'a', name: '=HYPERLINK("x")' }, { available: 100, 'nr:lunch': 50 }),
      agentRow('2026-03-10', { id: 'b', name: 'Ben', team: 'north' }, { available: 100, 'nr:break': 30 }),
    ];
    const totals = agentRow('total', { id: '', name: 'all' }, { available: 200, 'nr:lunch': 50, 'nr:break': 30 });
    const [header, ...lines] = parseCsv(reportCsv('agents', rows, totals)) as string[][];
    expect(header).toEqual([
      'period', 'agentName', 'team', 'handledVoice', 'handledChat', 'handledOutbound', 'talkSec', 'acwSec', 'ahtSec', 'transfersOut', 'loggedInSec', 'occupancy',
      'states.available', 'states.offered', 'states.onCall', 'states.onChat', 'states.afterCallWork', 'states.notReady.break', 'states.notReady.lunch', 'states.offline',
    ]);
    expect(lines.map((l) => [l[0], l[1], l[2], l[17], l[18]])).toEqual([
      ['2026-03-10', `'=HYPERLINK("x")`, '', '0', '50'],
      ['2026-03-10', 'Ben', 'north', '30', '0'],
      ['total', 'all', '', '30', '50'],
    ]);
  });

  it('spreads dispositions into columns', () => {
    const row = campaignRow('2026-03-10', { id: 'c', name: 'Spring' }, { attempts: 3, reached: 1, conversions: 1, 'disp:sale': 1, 'disp:busy': 2 });
    const [header, line] = parseCsv(reportCsv('campaigns', [row], row)) as string[][];
    expect(header).toEqual(['period', 'campaignName', 'attempts', 'reached', 'conversions', 'conversionRate', 'byDisposition.busy', 'byDisposition.sale', 'callbacksScheduled', 'callbacksKept']);
    expect(line).toEqual(['2026-03-10', 'Spring', '3', '1', '1', '1', '2', '1', '0', '0']);
  });
});
