import type { Doc } from '../keys.js';

/** Pipeline shapes answered without running mingo's stages (pure: the aggregate command asks). */

/** The `$skip` and `$limit` stages a pipeline starts with, folded into one window. */
export function leadingWindow(stages: Doc[]): { skip?: number; limit?: number; stages: number } {
  let skip = 0;
  let limit: number | undefined;
  let n = 0;
  for (const stage of stages) {
    const op = Object.keys(stage ?? {})[0];
    const v = stage?.[op];
    if (Object.keys(stage ?? {}).length !== 1 || typeof v !== 'number' || !Number.isInteger(v) || v < 0) break;
    if (op === '$skip') {
      skip += v;
      if (limit !== undefined) limit = Math.max(0, limit - v);
    } else if (op === '$limit' && v > 0) limit = Math.min(limit ?? Infinity, v);
    else break;
    n++;
  }
  // A window that keeps nothing is left to the stages themselves (find's limit 0 means "no limit").
  if (limit === 0) return { stages: 0 };
  return { skip: skip || undefined, limit, stages: n };
}

/**
 * countDocuments' `{ $group: { _id: 1, n: { $sum: 1 } } }`, answered from the number of matches
 * without copying every matched document for mingo.
 */
export function countOnly(rest: Doc[], matched: number): Doc[] | undefined {
  if (rest.length !== 1 || !rest[0] || Object.keys(rest[0]).length !== 1 || !('$group' in rest[0])) return undefined;
  const group = rest[0].$group as Doc;
  if (!group || typeof group !== 'object') return undefined;
  const { _id, ...accumulators } = group;
  const names = Object.keys(accumulators);
  const constant = _id === null || typeof _id === 'number' || (typeof _id === 'string' && !_id.startsWith('$'));
  if (!constant || names.length !== 1) return undefined;
  const acc = accumulators[names[0]] as Doc;
  if (!acc || typeof acc !== 'object' || Object.keys(acc).length !== 1 || acc.$sum !== 1) return undefined;
  return matched ? [{ _id, [names[0]]: matched }] : [];
}

/** Stages that look at one document at a time: a part of the input through them gives that part's share of the output. */
const PER_DOCUMENT = new Set(['$match', '$project', '$set', '$addFields', '$unset', '$unwind', '$replaceRoot', '$replaceWith']);
/** Accumulators whose result over the whole input is an accumulator over the results of its parts. */
const MERGED_BY: Record<string, string> = { $sum: '$sum', $min: '$min', $max: '$max', $count: '$sum' };

/**
 * A pipeline that is per-document stages, then a `$group` of `$sum`/`$min`/`$max`/`$count` (a report's
 * shape), split so the group can run over the input part by part and let other commands in between
 * (as mongod yields during a long aggregation): `partial` runs on each part, `merge` combines the
 * parts' results, `tail` runs after. Anything else (an `$avg`, a `$push`, a `$sort` first) is left whole.
 */
export function splitGroup(stages: Doc[]): { partial: Doc[]; merge: Doc; tail: Doc[] } | undefined {
  const at = stages.findIndex((s) => !PER_DOCUMENT.has(Object.keys(s ?? {})[0]));
  const stage = stages[at];
  if (at < 0 || !stage || Object.keys(stage).length !== 1 || !('$group' in stage)) return undefined;
  const group = stage.$group as Doc;
  if (!group || typeof group !== 'object' || Array.isArray(group) || !('_id' in group)) return undefined;
  const merge: Doc = { _id: '$_id' };
  for (const [name, spec] of Object.entries(group)) {
    if (name === '_id') continue;
    if (!spec || typeof spec !== 'object' || Array.isArray(spec) || Object.keys(spec).length !== 1) return undefined;
    const op = Object.keys(spec)[0];
    if (!MERGED_BY[op]) return undefined;
    merge[name] = { [MERGED_BY[op]]: `$${name}` };
  }
  return { partial: stages.slice(0, at + 1), merge: { $group: merge }, tail: stages.slice(at + 1) };
}
