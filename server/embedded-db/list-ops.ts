import * as queryOps from 'mingo/operators/query';
import type { Options } from 'mingo/types';
import { HashMap, ensureArray, isNil, isRegExp, isString, resolve } from 'mingo/util';
import type { Doc } from './keys.js';

type QueryOp = (selector: string, value: unknown, options: Options) => (doc: Doc) => boolean;

/** Lists longer than this are hashed once per query (filter.ts marks the queries that have one). */
export const LONG_LIST = 8;

/**
 * mingo's `$in` and `$nin` with the list hashed once per query instead of once per document tested:
 * mingo's own build a hash map of the whole list for every document, so a segment's "not contacted
 * in 90 days" (`_id: { $nin: [10,000 ids] }`) cost 11 ms a customer, minutes for a base. The answer
 * is mingo's: the same hashing and equality (`HashMap`), nulls and regular expressions as it treats them.
 * Short lists, and operands that are not lists, are left to mingo's operators.
 */
function listOp(negate: boolean): QueryOp {
  const mingoOp = (negate ? queryOps.$nin : queryOps.$in) as unknown as QueryOp;
  return (selector, value, options) => {
    if (!Array.isArray(value) || value.length <= LONG_LIST) return mingoOp(selector, value, options);
    const listed = HashMap.init();
    for (const v of value) listed.set(v, true);
    const hasNull = value.some((v) => v === null);
    const patterns = value.filter(isRegExp) as RegExp[];
    const inList = (lhs: unknown): boolean => {
      if (isNil(lhs)) return hasNull;
      const values = ensureArray(lhs);
      if (values.some((v) => listed.has(v))) return true;
      return patterns.length > 0 && values.some((v) => isString(v) && patterns.some((re) => re.test(v)));
    };
    return (doc) => inList(resolve(doc, selector, { unwrapArray: true })) !== negate;
  };
}

export const LIST_QUERY_OPS: Record<'$in' | '$nin', QueryOp> = { $in: listOp(false), $nin: listOp(true) };
