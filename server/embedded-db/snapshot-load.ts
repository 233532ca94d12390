import { FieldNames, decodeFields, putRecord } from './bson-walk.js';
import type { Collection } from './collection.js';
import type { Doc } from './keys.js';
import { type DecodeResult, RecordCopies, readRecords } from './records.js';

/** What reading a snapshot needs of the storage it fills. */
export interface SnapshotTarget {
  /** Whether any collection is packed (else every record is decoded whole). */
  packed: boolean;
  collection(db: string, name: string): Collection | undefined;
  /** The collection a put record goes to, created as an empty one if the snapshot has not named it. */
  mustColl(db: string, name: string): Collection;
  /** A document as memory keeps it (compact-docs.ts). */
  compact(doc: Doc): Doc;
  /** Applies any record other than a put (collections and indexes created, options set). */
  apply(rec: Doc): void;
}

/**
 * Reads the snapshot at `snapPath` into the storage's collections: its generation (the `meta` record)
 * and what `readRecords` found. With `repair`, the records after damage are read too.
 */
export function loadSnapshot(snapPath: string, target: SnapshotTarget, repair: boolean): { gen: number; read: DecodeResult } {
  let gen = 0;
  // A snapshot's documents go into their collections' maps only; each index is then built in one pass
  // over them, rather than every index being visited for every document as it comes. Any other record
  // finds the indexes up to date first: an index created over loaded documents checks them for
  // duplicates, and the journal's changes find in the indexes the documents they replace.
  const unindexed = new Set<Collection>();
  const indexLoaded = () => {
    for (const coll of unindexed) coll.indexNewest();
    unindexed.clear();
  };
  const onRecord = (rec: Doc) => {
    if (rec.o === 'put') {
      const coll = target.mustColl(rec.d as string, rec.c as string);
      coll.load(target.compact(rec.doc as Doc));
      unindexed.add(coll);
      return;
    }
    indexLoaded();
    if (rec.o === 'meta') gen = rec.gen as number;
    else target.apply(rec);
  };
  // A packed collection keeps each document's bytes as the snapshot holds them, and only the fields its
  // indexes read are decoded (recovery's time was mostly decoding, and the garbage it made).
  const indexed = new Map<Collection, FieldNames | undefined>();
  const fieldsOf = (coll: Collection) => {
    if (!indexed.has(coll)) indexed.set(coll, ((f) => f && new FieldNames(f))(coll.indexedFields()));
    return indexed.get(coll);
  };
  // `body` is a view of the read buffer: the store copies a packed document's bytes, and a record decoded
  // whole is decoded from a copy.
  const copies = new RecordCopies();
  const onBody = (body: Buffer) => {
    if (!target.packed) return onRecord(copies.decode(body));
    const put = putRecord(body);
    const coll = put && target.collection(put.d, put.c);
    const fields = coll?.docs.packed ? fieldsOf(coll) : undefined;
    const keys = fields && decodeFields(put!.doc, fields);
    if (keys) return coll!.load(keys, put!.doc);
    // Any other record may change a collection's indexes.
    if (!put) indexed.clear();
    onRecord(copies.decode(body));
  };
  // The snapshot is written to a temporary file and renamed only once complete and synced: any bad
  // record in it is damage, never a torn write.
  const read = readRecords(snapPath, onBody, repair ? onBody : undefined);
  indexLoaded();
  return { gen, read };
}
