import { type Model, Types } from 'mongoose';

type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any collection's model
type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** A fresh copy of a default (its lists and sub-objects are never shared between two documents). */
const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : isPlain(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v);

/** The given fields over the defaults; a given sub-object keeps the defaults of its other fields. */
function over(defaults: Plain, given: Plain): Plain {
  const out = copy(defaults) as Plain;
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? over(out[k] as Plain, v) : v;
  }
  return out;
}

/**
 * Builds new documents of `model` as mongoose stores them, for inserts through the driver: the schema's
 * defaults (read once, from the schema itself: empty lists, zero counters, nulls), the given fields over
 * them (undefined ones left out, as mongoose leaves them out), the version key and the timestamps.
 *
 * For the busiest inserts (an interaction per call or chat, the audit entries of pops, an import's
 * customers), whose values are built with their stored types and were checked before (zod, the state
 * machine): mongoose's building, casting and validating of a document checked nothing there, and cost
 * the console's event loop about as much as the insert itself. Only for schemas whose defaults are
 * constants: a default computed per document (a function; `_id` is made here) would be computed once and
 * shared, so such a schema is refused when the builder is made.
 */
export function newDocuments(model: AnyModel): (fields: Plain, now?: Date) => Plain & { _id: Types.ObjectId } {
  const { schema } = model;
  schema.eachPath((path, type) => {
    // Lists' defaults are functions in mongoose (a fresh list each time): copied per document here.
    const list = type.instance === 'Array';
    if (path !== '_id' && !list && typeof (type as { defaultValue?: unknown }).defaultValue === 'function')
      throw new Error(`${model.modelName}.${path} has a default computed per document: insert it through mongoose`);
  });
  const timestamps = schema.get('timestamps') as unknown;
  if (timestamps !== undefined && timestamps !== true && timestamps !== false) throw new Error(`${model.modelName}: only { timestamps: true } is built here`);
  const { _id, ...defaults } = new model({}).toBSON() as Plain;
  const versionKey = schema.get('versionKey') as string | false | undefined;
  return (fields, now = new Date()) => ({
    _id: new Types.ObjectId(),
    ...over(defaults, fields),
    ...(versionKey ? { [versionKey]: 0 } : {}),
    ...(timestamps ? { createdAt: now, updatedAt: now } : {}),
  });
}
