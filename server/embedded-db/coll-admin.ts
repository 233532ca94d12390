import { Collection } from './collection.js';
import type { Doc } from './keys.js';

/**
 * One logged change to a collection itself: its options (collMod: validator, validationLevel...),
 * one index's options, or its name (renameCollection). A rename is a single record, so a crash can
 * never leave half the documents under each name.
 */
export type ModCollOp = {
  o: 'modColl';
  d: string;
  c: string;
  /** Options to set; a null value removes that option. */
  opts?: Doc;
  /** Index options to change, by index name (e.g. expireAfterSeconds, hidden). */
  index?: { name: string; set: Doc };
  /** New namespace; an existing collection there must have been dropped first. */
  to?: { d: string; c: string };
};

export function applyModColl(dbs: Map<string, Map<string, Collection>>, op: ModCollOp): void {
  const coll = dbs.get(op.d)?.get(op.c);
  if (!coll) return;
  if (op.opts) {
    for (const [k, v] of Object.entries(op.opts)) {
      if (v === null) delete coll.options[k];
      else coll.options[k] = v;
    }
  }
  if (op.index) {
    const index = coll.indexes.get(op.index.name);
    if (index) Object.assign(index.spec, op.index.set);
  }
  if (op.to) {
    const moved = new Collection(op.to.d, op.to.c, coll.options, coll.docs);
    for (const [name, index] of coll.indexes) moved.indexes.set(name, index);
    dbs.get(op.d)!.delete(op.c);
    let target = dbs.get(op.to.d);
    if (!target) dbs.set(op.to.d, (target = new Map()));
    target.set(op.to.c, moved);
  }
}
