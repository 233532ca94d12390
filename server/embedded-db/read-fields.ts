import type { Doc } from './keys.js';

/**
 * Which top-level fields of each document a read needs decoded (a packed collection's documents are
 * BSON, doc-store.ts): `only` these, all `except` these, or (undefined) the whole document.
 */
export type FieldsRead = { only: Set<string> } | { except: Set<string> } | undefined;

/** Adds the top-level fields `filter` reads to `out`; false when it may read any (an $expr, a $where...). */
function filterFields(filter: unknown, out: Set<string>): boolean {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return false;
  for (const [key, value] of Object.entries(filter as Doc)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value) || !value.every((branch) => filterFields(branch, out))) return false;
    } else if (key === '$comment') continue;
    else if (key.startsWith('$')) return false;
    else out.add(key.split('.')[0]);
  }
  return true;
}

/** A projection value that keeps the field it names and drops the unnamed ones (an inclusion). */
const includes = (v: unknown) => v === 1 || v === true || (!!v && typeof v === 'object' && Object.keys(v).length === 1 && '$elemMatch' in v);
const excludes = (v: unknown) => v === 0 || v === false;

/**
 * The fields a find needs of each document: those its filter and sort read, and those its projection
 * keeps (an inclusion) or all but those it drops (an exclusion of top-level fields). `counting`: the
 * caller only counts the matches. Anything less plain (a computed projection, a dotted exclusion, a
 * filter reading the whole document) needs the whole document.
 */
export function fieldsRead(filter: Doc, sort: Doc | undefined, projection: Doc | undefined, counting = false): FieldsRead {
  const read = new Set<string>(['_id']);
  if (!filterFields(filter, read)) return undefined;
  for (const key of Object.keys(sort ?? {})) {
    if (key.startsWith('$')) return undefined;
    read.add(key.split('.')[0]);
  }
  if (counting) return { only: read };
  const entries = Object.entries(projection ?? {}).filter(([k]) => k !== '_id');
  if (entries.length === 0) return undefined;
  if (entries.every(([k, v]) => includes(v) && !k.startsWith('$'))) {
    for (const [k] of entries) read.add(k.split('.')[0]);
    return { only: read };
  }
  if (entries.every(([k, v]) => excludes(v) && !k.includes('.') && !k.startsWith('$'))) {
    const dropped = new Set(entries.map(([k]) => k));
    // A field the filter or sort reads is decoded even when the answer drops it.
    for (const f of read) dropped.delete(f);
    return { except: dropped };
  }
  return undefined;
}
