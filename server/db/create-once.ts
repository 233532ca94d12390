import type { Model, Types } from 'mongoose';
import { isDuplicateId } from './duplicate-key.js';

type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any collection's model

/**
 * Creates a document, under `id` when given (a retried request's `idempotentId`): when an earlier try of
 * the same request stored it already (and failed afterwards), that document is returned instead of a
 * second one. Returns the stored document as a plain object, and whether this call stored it.
 */
export async function createOnce<D>(model: AnyModel, doc: object, id?: Types.ObjectId): Promise<{ doc: D; created: boolean }> {
  try {
    const created = await model.create({ ...doc, ...(id && { _id: id }) });
    return { doc: created.toObject() as D, created: true };
  } catch (err) {
    const stored = id && isDuplicateId(err) ? await model.findById(id).lean<D>() : null;
    if (!stored) throw err;
    return { doc: stored, created: false };
  }
}
