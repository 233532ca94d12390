import type { Doc } from './keys.js';
import { prepareFilter } from './filter.js';
import { compileFilter } from './matcher.js';
import { newQuery } from './mingo-options.js';

/**
 * A filter as the database answers it, for documents kept outside the database (the back office's copy
 * of the customer base, customers/customer-replica.ts): the same preparation, fast path and mingo
 * evaluation a find runs, so a copy and a query never disagree on what a filter matches.
 */
export function documentMatcher(filter: Doc): (doc: Doc) => boolean {
  const prepared = prepareFilter(filter);
  const fast = compileFilter(filter);
  const query = newQuery(prepared);
  return (doc) => fast?.(doc) ?? query.test(doc);
}
