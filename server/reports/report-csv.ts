import { REPORT_COLUMNS, type ReportKind, type ReportRow } from '../../shared/schemas/reports.js';
import { csvLine } from '../http/csv.js';

/**
 * Nested figures flattened to one column per code present, named as the screen's table names them
 * (`states.notReady.break`, `byDisposition.sale`): the reasons of not ready, the dispositions.
 */
const EXPANDED = new Set(['states.notReady', 'byDisposition']);

type Column = { header: string; get: (row: Record<string, unknown>) => unknown };

function at(row: Record<string, unknown>, path: string): unknown {
  let v: unknown = row;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** The CSV columns of a report over these rows: `REPORT_COLUMNS` order, expanded columns sorted by code. */
export function reportColumns<K extends ReportKind>(kind: K, rows: Array<ReportRow<K>>): Column[] {
  const out: Column[] = [];
  for (const path of REPORT_COLUMNS[kind]) {
    if (!EXPANDED.has(path)) {
      out.push({ header: path, get: (r) => at(r, path) });
      continue;
    }
    const codes = new Set<string>();
    for (const r of rows) for (const code of Object.keys((at(r as Record<string, unknown>, path) as Record<string, number> | undefined) ?? {})) codes.add(code);
    // A reason or disposition missing from a row had no time or count in it: 0, not blank.
    for (const code of [...codes].sort()) out.push({ header: `${path}.${code}`, get: (r) => (at(r, path) as Record<string, number> | undefined)?.[code] ?? 0 });
  }
  return out;
}

/** The report's CSV: a header row, the rows on screen, then the totals (`period` = `total`). */
export function reportCsv<K extends ReportKind>(kind: K, rows: Array<ReportRow<K>>, totals: ReportRow<K>): string {
  const all = [...rows, totals];
  const columns = reportColumns(kind, all);
  return csvLine(columns.map((c) => c.header)) + all.map((r) => csvLine(columns.map((c) => c.get(r as Record<string, unknown>)))).join('');
}
