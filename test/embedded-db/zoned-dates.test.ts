import { type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/mongo.js';

/** Date operators in any time zone mongod knows, with the figures mongod gives. */
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;
beforeAll(async () => {
  fresh = await freshDatabase('zoneddates');
  db = fresh.conn.db as unknown as Db;
  await db.collection('d').insertOne({ at: new Date('2027-01-01T02:30:00Z') });
});
afterAll(() => fresh.drop());

const project = async (expr: object) => (await db.collection('d').aggregate([{ $project: { _id: 0, v: expr } }]).toArray())[0].v;

describe('date operators with a time zone', () => {
  it.each([
    ['UTC', { $dateToString: { date: '$at', format: '%Y-%m-%d %H:%M', timezone: 'UTC' } }, '2027-01-01 02:30'],
    ['a zone of three parts', { $dateToString: { date: '$at', format: '%Y-%m-%d %H:%M', timezone: 'America/Argentina/Buenos_Aires' } }, '2026-12-31 23:30'],
    ['a zone with a hyphen', { $dateToString: { date: '$at', format: '%H:%M', timezone: 'America/Port-au-Prince' } }, '21:30'],
    ['Etc/GMT+3 (three hours behind)', { $hour: { date: '$at', timezone: 'Etc/GMT+3' } }, 23],
    ['a half-hour zone', { $dateToString: { date: '$at', format: '%H:%M', timezone: 'Asia/Tehran' } }, '06:00'],
    ['an offset', { $dateToString: { date: '$at', format: '%H:%M', timezone: '+05:30' } }, '08:00'],
    ['%G: the ISO week year of 1 January 2027 is 2026', { $dateToString: { date: '$at', format: '%G-W%V', timezone: 'UTC' } }, '2026-W53'],
    ['%G after the local date moves back a year', { $dateToString: { date: '$at', format: '%G-W%V %Y', timezone: 'America/New_York' } }, '2026-W53 2026'],
    ['$dayOfMonth in a zone', { $dayOfMonth: { date: '$at', timezone: 'America/New_York' } }, 31],
  ])('%s', async (_name, expr, expected) => {
    expect(await project(expr)).toEqual(expected);
  });
});
