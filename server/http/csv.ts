/**
 * One CSV cell: empty for nothing, dates as ISO 8601, strings, numbers and booleans as written, anything
 * else as JSON; quoted (with doubled quotes) when it holds a comma, quote or line break.
 */
export function csvCell(v: unknown): string {
  const s =
    v === undefined || v === null ? ''
    : v instanceof Date ? v.toISOString()
    : typeof v === 'object' ? JSON.stringify(v)
    : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
