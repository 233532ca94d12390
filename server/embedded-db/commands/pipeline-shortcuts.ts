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
