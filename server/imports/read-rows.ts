import { parse as parseCsv } from 'csv-parse/sync';
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
export function readRows(content: string, format: ImportFormat): RawRow[] {
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
    const records = parseCsv(content, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
    return records.map(({ record, info }) => ({ row: info.lines, data: record }));
  } catch (err) {
    throw badRequest(`the file is not valid CSV: ${(err as Error).message}`, undefined, 'FILE_NOT_CSV', { detail: (err as Error).message });
  }
}
