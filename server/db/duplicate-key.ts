/** MongoDB's duplicate-key error (a unique index refused the write). */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;

/** A duplicate of the `_id` itself: the document was stored before (e.g. by an earlier try of the same request). */
export const isDuplicateId = (err: unknown): boolean => isDuplicateKey(err) && Object.keys((err as { keyPattern?: object }).keyPattern ?? {}).join() === '_id';
