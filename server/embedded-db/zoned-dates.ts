import { evalExpr } from 'mingo/core';
import * as expressionOps from 'mingo/operators/expression';

/**
 * Date operators with any IANA time zone, as mongod has them. mingo's only accept `Area/City` names
 * (not `UTC`, `Etc/GMT+3`, `America/Argentina/Buenos_Aires` or `America/Port-au-Prince`), and work the
 * offset out by formatting the date twice per document. Here the zone becomes its UTC offset at that
 * date (from one cached formatter per zone), and mingo's operator runs with that offset.
 */
type ExprOp = (obj: object, expr: unknown, options: object) => unknown;

const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets per zone and quarter-hour: every zone's offset changes only at a quarter hour. */
const offsets = new Map<string, number>();

function offsetMinutes(date: Date, tz: string): number {
  const quarter = Math.floor(date.getTime() / 900_000);
  const key = `${tz}|${quarter}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for a zone that does not exist (mongod: "unrecognized time zone identifier").
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  const at = quarter * 900_000;
  for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const minutes = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at) / 60_000);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, minutes);
  return minutes;
}

const asOffset = (m: number) => `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}${String(Math.abs(m) % 60).padStart(2, '0')}`;

function zoned(op: ExprOp): ExprOp {
  return (obj, expr, options) => {
    if (!expr || typeof expr !== 'object' || Array.isArray(expr) || !('timezone' in expr) || !('date' in expr)) return op(obj, expr, options);
    const e = expr as { date: unknown; timezone: unknown };
    const tz = evalExpr(obj, e.timezone, options as never);
    if (typeof tz !== 'string' || OFFSET.test(tz)) return op(obj, expr, options);
    const date = evalExpr(obj, e.date, options as never);
    if (!(date instanceof Date)) return op(obj, expr, options);
    return op(obj, { ...e, date: { $literal: date }, timezone: asOffset(offsetMinutes(date, tz)) }, options);
  };
}

/** The ISO 8601 week-numbering year of a wall-clock date (its week's Thursday decides). */
function isoWeekYear(wall: Date): number {
  const thursday = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
  return thursday.getUTCFullYear();
}

/**
 * `$dateToString` whose `%G` is the ISO week's year, as mongod prints it: mingo prints the calendar
 * year, so 1 January 2027 (ISO week 53 of 2026) came out as `2027-W53`.
 */
function isoYearFormat(op: ExprOp): ExprOp {
  return (obj, expr, options) => {
    const e = expr as { date?: unknown; format?: unknown; timezone?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.format !== 'string' || !e.format.includes('%G')) return op(obj, expr, options);
    const date = evalExpr(obj, e.date, options as never);
    if (!(date instanceof Date)) return op(obj, expr, options);
    const tz = e.timezone === undefined ? undefined : evalExpr(obj, e.timezone, options as never);
    const offset = typeof tz !== 'string' ? 0 : OFFSET.test(tz) ? offsetOf(tz) : offsetMinutes(date, tz);
    const year = String(isoWeekYear(new Date(date.getTime() + offset * 60_000))).padStart(4, '0');
    // The year is put in as text (a `%%G`, the literal "%G", is left to mingo).
    const format = e.format.replace(/%(%|G)/g, (m, c: string) => (c === 'G' ? year : m));
    return op(obj, { ...e, date: { $literal: date }, format }, options);
  };
}

function offsetOf(offset: string): number {
  const m = OFFSET.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const ZONED = ['$dateToString', '$dateToParts', '$dateTrunc', '$year', '$month', '$week', '$dayOfMonth', '$dayOfWeek', '$dayOfYear', '$hour', '$minute', '$second', '$millisecond', '$isoWeek', '$isoWeekYear', '$isoDayOfWeek'] as const;

/** The date operators above, taking any zone: for an aggregation's context. */
export const ZONED_DATE_OPS: Record<string, ExprOp> = Object.fromEntries(ZONED.map((name) => [name, zoned((expressionOps as unknown as Record<string, ExprOp>)[name])]));
ZONED_DATE_OPS.$dateToString = isoYearFormat(ZONED_DATE_OPS.$dateToString);
