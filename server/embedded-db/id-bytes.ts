import { FieldNames, asBuffer, decodeFields } from './bson-walk.js';
import { valueKey } from './keys.js';

/**
 * A BSON document's `_id` key (keys.ts `valueKey`), read from its bytes: what a packed store (packed-store.ts)
 * keeps instead of the key. An ObjectId `_id` written first (as every driver and this database write it) is
 * compared and read in place; any other `_id` is decoded.
 */

const ID = new FieldNames(new Set(['_id']));
const OID_TYPE = 0x07;
const HEX = '0123456789abcdef';

/** Whether the document's first element is an ObjectId named `_id`: its 12 bytes at 9–20. */
function leadingObjectId(bytes: Uint8Array): boolean {
  return bytes.length >= 22 && bytes[4] === OID_TYPE && bytes[5] === 0x5f && bytes[6] === 0x69 && bytes[7] === 0x64 && bytes[8] === 0;
}

const decodedIdKey = (bytes: Uint8Array): string => valueKey((decodeFields(bytes, ID) ?? {})._id);

/** The `_id` key of the document `bytes`. */
export function idKeyOf(bytes: Uint8Array): string {
  // Joined, not concatenated: a flat string, as valueKey makes it.
  return leadingObjectId(bytes) ? ['o', asBuffer(bytes).toString('hex', 9, 21)].join('') : decodedIdKey(bytes);
}

/** Whether the document `bytes` has the `_id` whose key is `key`, without making a string of its own. */
export function hasIdKey(bytes: Uint8Array, key: string): boolean {
  if (!leadingObjectId(bytes)) return decodedIdKey(bytes) === key;
  if (key.length !== 25 || key.charCodeAt(0) !== 0x6f) return false;
  for (let i = 0; i < 12; i++) {
    const b = bytes[9 + i];
    if (key.charCodeAt(1 + 2 * i) !== HEX.charCodeAt(b >> 4) || key.charCodeAt(2 + 2 * i) !== HEX.charCodeAt(b & 15)) return false;
  }
  return true;
}
