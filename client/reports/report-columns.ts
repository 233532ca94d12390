import { REPORT_COLUMNS, type ReportKind, type ReportRow } from '@shared/schemas/reports';

/**
 * The table's columns, exactly as the CSV has them: `REPORT_COLUMNS[kind]` in order, with a nested
 * record (`states.notReady`, `byDisposition`) spread into one column per code present in the rows or
 * the totals (`states.notReady.break`, `byDisposition.sale`), codes in alphabetical order. Pure.
 */

/** The columns that hold a record of counts or seconds by code. */
const NESTED = new Set<string>(['states.notReady', 'byDisposition']);

/** The value at a dotted path (`states.onCall`) of a row. */
function at(row: unknown, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function columnsOf<K extends ReportKind>(kind: K, rows: readonly ReportRow<K>[], totals?: ReportRow<K>): string[] {
  const all = totals ? [...rows, totals] : rows;
  return (REPORT_COLUMNS[kind] as readonly string[]).flatMap((column) => {
    if (!NESTED.has(column)) return [column];
    const codes = new Set<string>();
    for (const row of all) for (const code of Object.keys((at(row, column) as Record<string, number> | undefined) ?? {})) codes.add(code);
    return [...codes].sort().map((code) => `${column}.${code}`);
  });
}

/** The nested record a spread column comes from, and its code (`states.notReady.break` → break). */
export function nestedOf(column: string): { parent: string; code: string } | null {
  for (const parent of NESTED) if (column.startsWith(`${parent}.`)) return { parent, code: column.slice(parent.length + 1) };
  return null;
}

/** A row's value in a column; a code the row lacks in a spread column counts 0, as in the CSV. */
export function cellOf(row: unknown, column: string): string | number | null | undefined {
  const nested = nestedOf(column);
  if (nested) {
    const record = at(row, nested.parent) as Record<string, number> | undefined;
    return record?.[nested.code] ?? 0;
  }
  return at(row, column) as string | number | null | undefined;
}

export type ColumnKind = 'period' | 'text' | 'channel' | 'count' | 'rate' | 'seconds' | 'score' | 'money';

const KINDS: Record<string, ColumnKind> = {
  period: 'period',
  queue: 'text',
  agentName: 'text',
  team: 'text',
  campaignName: 'text',
  currency: 'text',
  title: 'text',
  segment: 'text',
  channel: 'channel',
  serviceLevel: 'rate',
  occupancy: 'rate',
  conversionRate: 'rate',
  acceptRate: 'rate',
  csatSatisfied: 'rate',
  asaSec: 'seconds',
  talkSec: 'seconds',
  acwSec: 'seconds',
  ahtSec: 'seconds',
  loggedInSec: 'seconds',
  csatAverage: 'score',
  nps: 'score',
  revenue: 'money',
};

/** How a column's values read: time in the states is seconds, spread dispositions are counts. */
export function columnKind(column: string): ColumnKind {
  if (column.startsWith('states.')) return 'seconds';
  if (column.startsWith('byDisposition.')) return 'count';
  return KINDS[column] ?? 'count';
}
