import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { INTERACTION_EXPORT_COLUMNS } from '../../shared/schemas/reports.js';
import { csvHeader, csvRow, type ExportedInteraction, exportRow, ndjsonRow } from '../../server/reports/interaction-export.js';

const id = new Types.ObjectId();
const customerId = new Types.ObjectId();
const call: ExportedInteraction = {
  _id: id,
  channel: 'voice',
  direction: 'inbound',
  queue: 'sales',
  agentName: 'Alex Morgan',
  customerId,
  ringingAt: new Date('2026-05-02T09:00:00.000Z'),
  connectedAt: new Date('2026-05-02T09:00:12.500Z'),
  endedAt: new Date('2026-05-02T09:05:12.500Z'),
  wrappedUpAt: new Date('2026-05-02T09:06:00.000Z'),
  createdAt: new Date('2026-05-02T09:00:00.000Z'),
  disposition: 'sale',
  offers: [
    { offerId: 'TABLETS', outcome: 'accepted' },
    { offerId: 'LOYAL-500', outcome: 'declined' },
  ],
  transferCount: 1,
  holdMs: 42_000,
  notes: 'Card 4111 1111 1111 1111, call back',
};

describe('exportRow', () => {
  it('works out wait, talk, after-call work and handle time, and the offers in the order recorded', () => {
    expect(exportRow(call, 4, false)).toEqual({
      id: String(id),
      channel: 'voice',
      direction: 'inbound',
      queue: 'sales',
      campaignName: undefined,
      agentName: 'Alex Morgan',
      customerId: String(customerId),
      ringingAt: '2026-05-02T09:00:00.000Z',
      answeredAt: '2026-05-02T09:00:12.500Z',
      endedAt: '2026-05-02T09:05:12.500Z',
      wrappedUpAt: '2026-05-02T09:06:00.000Z',
      waitSec: 12.5,
      talkSec: 300,
      holdSec: 42,
      acwSec: 47.5,
      handleSec: 347.5,
      disposition: 'sale',
      offerOutcome: 'accepted:TABLETS;declined:LOYAL-500',
      csat: 4,
      transfers: 1,
      notes: undefined,
    });
  });

  it('leaves out what did not happen: an abandoned call has a wait of nothing and no handle time', () => {
    const abandoned = exportRow({ _id: id, channel: 'voice', ringingAt: call.ringingAt, endedAt: call.endedAt, createdAt: call.createdAt }, undefined, true);
    expect(abandoned).toMatchObject({ direction: 'inbound', transfers: 0 });
    for (const k of ['answeredAt', 'waitSec', 'talkSec', 'holdSec', 'acwSec', 'handleSec', 'offerOutcome', 'csat', 'notes'] as const) expect(abandoned[k]).toBeUndefined();
  });

  it('counts talk alone as handle time while the wrap-up is owed', () => {
    expect(exportRow({ ...call, wrappedUpAt: null }, undefined, false)).toMatchObject({ talkSec: 300, acwSec: undefined, handleSec: 300 });
  });

  it('gives notes only when asked, with card numbers masked', () => {
    expect(exportRow(call, undefined, true).notes).toBe('Card **** **** **** 1111, call back');
  });

  it('writes CSV in the contract\'s columns and NDJSON without absent keys', () => {
    const row = exportRow(call, 5, true);
    const [header, values] = parseCsv(csvHeader() + csvRow(row)) as string[][];
    expect(header).toEqual(INTERACTION_EXPORT_COLUMNS);
    expect(values[INTERACTION_EXPORT_COLUMNS.indexOf('handleSec')]).toBe('347.5');
    expect(values[INTERACTION_EXPORT_COLUMNS.indexOf('campaignName')]).toBe('');
    const line = ndjsonRow(row);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(row)));
    expect(JSON.parse(line)).not.toHaveProperty('campaignName');
  });
});
