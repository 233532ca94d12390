/**
 * Whole days in a time zone as instants: a report's range, a timeline's day. A local day is not always
 * 24 hours (23 or 25 on a daylight-saving change) and need not start at 00:00 (a zone that springs
 * forward at midnight starts that day at 01:00), so its bounds are found from the zone's offsets,
 * never by adding 86 400 s.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `at`, in milliseconds (Tehran: +3.5 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(new Date(at))) if (type !== 'literal') p[type] = Number(value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

const utcMidnight = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** The day after `day` (both YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(utcMidnight(day) + 86_400_000).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / 86_400_000);
}

/**
 * The first instant of `day` in `timeZone`: local midnight minus the offset in force then. That offset
 * is found by trying the offsets around midnight (read at two guesses, which fall either side of a
 * change near it) and keeping those that agree with themselves; the earliest wins (clocks going back
 * at midnight make it twice). When none does, midnight does not exist (clocks jump 00:00 → 01:00) and
 * the day starts at the jump, which is midnight under the earlier, smaller offset.
 */
export function dayStart(day: string, timeZone: string): Date {
  const wall = utcMidnight(day);
  const first = zoneOffsetMs(wall, timeZone);
  const second = zoneOffsetMs(wall - first, timeZone);
  const valid = [first, second].filter((o) => zoneOffsetMs(wall - o, timeZone) === o);
  return new Date(valid.length ? Math.min(...valid.map((o) => wall - o)) : wall - Math.min(first, second));
}

/** [start of `from`, start of the day after `to`) in `timeZone`: whole local days, both ends included. */
export function dayRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: dayStart(from, timeZone), end: dayStart(nextDay(to), timeZone) };
}
