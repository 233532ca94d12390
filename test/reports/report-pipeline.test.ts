import { type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportGrouping } from '../../shared/schemas/reports.js';
import { BUCKET_MS, periodOf } from '../../server/reports/periods.js';
import { cellsOf, rollupPipeline } from '../../server/reports/report-pipeline.js';
import { freshDatabase } from '../support/mongo.js';

/**
 * The report pipeline's periods are the database's (`$dateToString` in the query's zone): they must be
 * exactly the labels periods.ts gives, in every zone a contact centre may use, across daylight-saving
 * changes and year ends (where the ISO week's year is not the calendar year).
 */
const ZONES = ['UTC', 'Europe/Bucharest', 'Asia/Tehran', 'Asia/Kolkata', 'Asia/Shanghai', 'America/New_York', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+3', 'Australia/Lord_Howe'];
const GROUPINGS: ReportGrouping[] = ['hour', 'day', 'week', 'month', 'hour-of-day'];
/** Two days of half-hours around each: spring and autumn changes in Europe and America, a year end, a leap day. */
const AROUND = ['2026-03-08T00:00:00Z', '2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2026-11-01T00:00:00Z', '2026-12-31T00:00:00Z', '2027-01-03T00:00:00Z', '2028-02-28T12:00:00Z'];
const buckets = AROUND.flatMap((t) => Array.from({ length: 96 }, (_, n) => new Date(t).getTime() + n * BUCKET_MS));

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;
beforeAll(async () => {
  fresh = await freshDatabase('reportpipeline');
  db = fresh.conn.db as unknown as Db;
  await db.collection('reportrollups').insertMany(buckets.map((b, n) => ({ kind: 'queue', key: `k${n}`, bucket: new Date(b), dims: { queue: 'sales', channel: 'voice', agentId: '' }, sums: { offered: 1 } })));
});
afterAll(() => fresh.drop());

describe('periods of the report pipeline', () => {
  it.each(ZONES.flatMap((tz) => GROUPINGS.map((g) => [tz, g] as const)))('%s by %s: the database labels each half-hour as periods.ts does', async (tz, groupBy) => {
    const expected = new Map<string, number>();
    for (const b of buckets) expected.set(periodOf(b, tz, groupBy), (expected.get(periodOf(b, tz, groupBy)) ?? 0) + 1);
    const pipeline = rollupPipeline({ kind: 'queue', groupBy, tz, dims: {}, fields: ['offered'], source: { daily: false, start: buckets[0], end: buckets[buckets.length - 1] + BUCKET_MS } });
    const cells = cellsOf('queue', ['offered'], await db.collection('reportrollups').aggregate(pipeline).toArray());
    expect(new Map(cells.map((c) => [c.period, c.sums.offered]))).toEqual(expected);
  });
});

describe('the pipeline', () => {
  it('filters by the query dims and sums each figure it is told of, leaving out names a path cannot hold', () => {
    const p = rollupPipeline({ kind: 'agent', groupBy: 'week', tz: 'UTC', dims: { agentId: { $in: ['a'] } }, fields: ['talkSum', 'bad.name', '$worse'], source: { daily: true, from: '2026-03-01', to: '2026-03-31' } });
    expect(p).toEqual([
      { $match: { kind: 'agent', day: { $gte: '2026-03-01', $lte: '2026-03-31' }, 'dims.agentId': { $in: ['a'] } } },
      { $group: { _id: { p: '$week', agentId: '$dims.agentId' }, f0: { $sum: '$sums.talkSum' } } },
    ]);
  });

  it('turns its output into cells with only the figures that are not zero', () => {
    expect(cellsOf('offer', ['presented', 'accepted'], [{ _id: { p: '2026-03', offerId: 'o1', segment: 'vip', channel: 'chat', currency: 'EUR' }, f0: 3, f1: 0, title: 'Gold' }])).toEqual([
      { period: '2026-03', dims: { offerId: 'o1', segment: 'vip', channel: 'chat', currency: 'EUR' }, sums: { presented: 3 }, labels: { title: 'Gold' } },
    ]);
  });
});
