import type { Collection, Document } from 'mongodb';
import type { Types } from 'mongoose';
import { batchedPerTurn } from '../db/batched-per-turn.js';

/** At most this many customers are read for one number or address: more is no identification either. */
export const CALLER_MATCHES = 10;

interface CallerMatch {
  _id: Types.ObjectId;
  displayName: string;
}

type Field = 'phones.number' | 'emails.address';

/**
 * The customers holding a phone number (or an e-mail address), read for every caller of one turn in one
 * command: each call and chat that opens looks its caller up, and on a busy floor (50 calls a second)
 * one `$in` read on the field's index replaces a read per caller. Each caller gets the customers holding
 * its own value, at most CALLER_MATCHES. The batch reads at most CALLER_MATCHES per caller, plus one: a
 * batch that fills that (a number many customers share, a switchboard) is read again one caller at a
 * time, as a caller alone always is, so no caller's matches are cut short by another's.
 */
export function createCallerLookup(customers: Pick<Collection, 'find'>) {
  const projection = { _id: 1, displayName: 1 };
  const alone = (field: Field, value: string) => customers.find({ [field]: value }, { projection, limit: CALLER_MATCHES }).toArray() as Promise<CallerMatch[]>;

  const lookupOf = (field: Field, valuesOf: (d: Document) => unknown[]) =>
    batchedPerTurn(async (values: readonly string[]): Promise<CallerMatch[][]> => {
      if (values.length === 1) return [await alone(field, values[0])];
      const cap = CALLER_MATCHES * values.length + 1;
      const docs = await customers.find({ [field]: { $in: [...new Set(values)] } }, { projection: { ...projection, [field]: 1 }, limit: cap }).toArray();
      if (docs.length >= cap) return Promise.all(values.map((v) => alone(field, v)));
      return values.map((v) =>
        docs
          .filter((d) => valuesOf(d).includes(v))
          .slice(0, CALLER_MATCHES)
          .map((d) => ({ _id: d._id, displayName: d.displayName })),
      );
    });

  const byPhone = lookupOf('phones.number', (d) => (d.phones ?? []).map((p: { number?: string }) => p?.number));
  const byEmail = lookupOf('emails.address', (d) => (d.emails ?? []).map((e: { address?: string }) => e?.address));
  return {
    /** Customers holding this normalised phone number. */
    byPhone,
    /** Customers holding this e-mail address (lower case). */
    byEmail,
  };
}
