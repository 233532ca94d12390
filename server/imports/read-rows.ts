import { setImmediate as turn } from 'node:timers/promises';
import { parse as csvParser } from 'csv-parse';
import type { ImportFormat } from '../../shared/schemas/imports.js';
import { badRequest } from '../http/errors.js';

/** One record of an upload with where it was: CSV line (header is line 1) or 1-based JSON position. */
export interface RawRow {
  row: number;
  data: unknown;
}

/**
 * Reads an upload into raw records. CSV needs a header line naming the columns; JSON is an array of
 * objects (or `{ "rows": [...] }`). A file that cannot be read at all is a 400; single bad rows are not.
 */
export async function readRows(content: string, format: ImportFormat): Promise<RawRow[]> {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (err) {
      throw badRequest(`the file is not valid JSON: ${(err as Error).message}`, undefined, 'FILE_NOT_JSON', { detail: (err as Error).message });
    }
    const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown })?.rows;
    if (!Array.isArray(rows)) throw badRequest('a JSON import must be an array of rows (or { "rows": [...] })');
    return rows.map((data, i) => ({ row: i + 1, data }));
  }
  try {
    return await csvRows(content);
  } catch (err) {
    throw badRequest(`the file is not valid CSV: ${(err as Error).message}`, undefined, 'FILE_NOT_CSV', { detail: (err as Error).message });
  }
}

/** Characters of a CSV upload parsed per turn of the console's event loop. */
const CSV_SLICE = 64 * 1024;

/**
 * A CSV upload's records, parsed a slice at a time with a turn of the event loop between slices: 10k rows
 * parsed in one piece held the console's thread (every pop and CTI acknowledgement) for about 80 ms.
 */
async function csvRows(content: string): Promise<RawRow[]> {
  const parser = csvParser({
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const rows: RawRow[] = [];
  let failed: Error | undefined;
  parser.on('error', (err) => (failed ??= err));
  parser.on('data', ({ record, info }: { record: Record<string, string>; info: { lines: number } }) => rows.push({ row: info.lines, data: record }));
  const ended = new Promise<void>((resolve) => parser.once('end', resolve).once('error', () => resolve()));
  for (let i = 0; i < content.length && !failed; ) {
    // A slice never ends between the two halves of a character outside the BMP (an emoji in a name).
    let end = Math.min(content.length, i + CSV_SLICE);
    if (end < content.length && /[\uD800-\uDBFF]/.test(content[end - 1])) end++;
    parser.write(content.slice(i, end));
    i = end;
    await turn();
  }
  if (!failed) parser.end();
  await ended;
  if (failed) throw failed;
  return rows;
}
