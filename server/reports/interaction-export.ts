import type { Types } from 'mongoose';
import { INTERACTION_EXPORT_COLUMNS, type InteractionExportRow } from '../../shared/schemas/reports.js';
import { csvLine } from '../http/csv.js';
import { maskCardNumbers } from '../security/card-mask.js';

/** The fields of a stored interaction the export reads (its query projects exactly these). */
export interface ExportedInteraction {
  _id: Types.ObjectId;
  channel: string;
  direction?: string | null;
  queue?: string | null;
  campaignName?: string | null;
  agentName?: string | null;
  customerId?: unknown;
  ringingAt?: Date | null;
  connectedAt?: Date | null;
  endedAt?: Date | null;
  wrappedUpAt?: Date | null;
  createdAt: Date;
  disposition?: string | null;
  offers?: Array<{ offerId?: string | null; outcome?: string | null }> | null;
  transferCount?: number | null;
  holdMs?: number | null;
  notes?: string | null;
}

export const EXPORT_FIELDS = {
  channel: 1,
  direction: 1,
  queue: 1,
  campaignName: 1,
  agentName: 1,
  customerId: 1,
  ringingAt: 1,
  connectedAt: 1,
  endedAt: 1,
  wrappedUpAt: 1,
  createdAt: 1,
  disposition: 1,
  offers: 1,
  transferCount: 1,
  holdMs: 1,
} as const;

/** Seconds from `a` to `b` (to the millisecond), when both happened; never negative (clocks of two platforms). */
const spanMs = (a?: Date | null, b?: Date | null) => (a && b ? Math.max(0, b.getTime() - a.getTime()) : undefined);
const sec = (ms?: number) => (ms === undefined ? undefined : ms / 1000);
const iso = (d?: Date | null) => d?.toISOString();
const opt = (s?: string | null) => s ?? undefined;

/**
 * One interaction as an export row. `answeredAt` is when the customer reached an agent (connectedAt),
 * as the queue figures count it: a call an IVR answered and the caller then abandoned in the queue
 * was never answered. Wait is ring → connected, talk connected → ended, after-call work ended →
 * wrapped up (talk includes any hold, `holdSec`); handle = talk + after-call work (talk alone while the wrap-up is still owed).
 * Notes only when asked for, with card numbers masked again for notes stored before masking existed.
 */
export function exportRow(i: ExportedInteraction, csat: number | undefined, withNotes: boolean): InteractionExportRow {
  const talk = spanMs(i.connectedAt, i.endedAt);
  const acw = spanMs(i.endedAt, i.wrappedUpAt);
  const offers = (i.offers ?? []).filter((o) => o.offerId && o.outcome).map((o) => `${o.outcome}:${o.offerId}`);
  return {
    id: String(i._id),
    channel: i.channel as InteractionExportRow['channel'],
    direction: i.direction ?? 'inbound',
    queue: opt(i.queue),
    campaignName: opt(i.campaignName),
    agentName: opt(i.agentName),
    customerId: i.customerId ? String(i.customerId) : undefined,
    ringingAt: iso(i.ringingAt),
    answeredAt: iso(i.connectedAt),
    endedAt: iso(i.endedAt),
    wrappedUpAt: iso(i.wrappedUpAt),
    waitSec: sec(spanMs(i.ringingAt, i.connectedAt)),
    talkSec: sec(talk),
    holdSec: talk === undefined ? undefined : sec(i.holdMs ?? 0),
    acwSec: sec(acw),
    handleSec: talk === undefined ? undefined : sec(talk + (acw ?? 0)),
    disposition: opt(i.disposition),
    offerOutcome: offers.length ? offers.join(';') : undefined,
    csat,
    transfers: i.transferCount ?? 0,
    notes: withNotes && i.notes ? maskCardNumbers(i.notes) : undefined,
  };
}

/** A row as a CSV record, in the columns' order (formula-escaped by csvLine). */
export const csvRow = (row: InteractionExportRow) => csvLine(INTERACTION_EXPORT_COLUMNS.map((c) => row[c]));
/** A row as one NDJSON line: absent values are left out. */
export const ndjsonRow = (row: InteractionExportRow) => `${JSON.stringify(row)}\n`;
export const csvHeader = () => csvLine(INTERACTION_EXPORT_COLUMNS);
