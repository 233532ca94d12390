import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import pino from 'pino';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger whose lines (info and up) are kept for tests to read. */
export function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return {
    logger,
    lines,
    /** Lines logged since `mark` (an index into `lines`) at warn (40) or above whose text matches. */
    since(mark: number, pattern: RegExp) {
      return lines.slice(mark).filter((l) => l.level >= 40 && pattern.test(JSON.stringify(l)));
    },
  };
}

/**
 * A fingerprint of every document in every collection (sorted by _id), so a test can assert that a
 * rejected request changed nothing at all.
 */
export async function fingerprint(conn: Connection, skip: string[] = []): Promise<string> {
  // Process leases are renewed every few seconds whatever requests come: housekeeping, not data.
  skip = [...skip, 'processleases'];
  const hash = createHash('sha256');
  const collections = (await conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    if (skip.includes(name)) continue;
    const docs = await conn.db!.collection(name).find({}).sort({ _id: 1 }).toArray();
    hash.update(name).update(JSON.stringify(docs));
  }
  return hash.digest('hex');
}
