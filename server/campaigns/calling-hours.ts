import type { CallingHours } from '../../shared/schemas/campaign.js';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The customer's local weekday (1 = Monday) and time as HH:MM at `at`. */
export function localClock(at: Date, timeZone: string): { weekday: number; time: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(at);
  } catch {
    // An unknown zone on an imported record: judge it by the contact centre's own zone rather than never call.
    parts = formatter('Europe/London').formatToParts(at);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: WEEKDAYS[get('weekday')] ?? 1, time: `${get('hour')}:${get('minute')}` };
}

/** Whether a customer in `timeZone` may be called at `at` under the campaign's calling hours. */
export function isCallable(at: Date, timeZone: string, hours: CallingHours): boolean {
  const { weekday, time } = localClock(at, timeZone);
  return hours.days.includes(weekday) && time >= hours.from && time < hours.to;
}

/** The zones among `zones` where calling is allowed at `at`. */
export const openZones = (at: Date, zones: Iterable<string>, hours: CallingHours) => [...new Set(zones)].filter((z) => isCallable(at, z, hours));

const STEP_MS = 15 * 60_000;

/**
 * The first quarter-hour from `at` (within a week) when any of `zones` may be called, to tell a
 * telemarketer when the list reopens; undefined when the hours never open.
 */
export function nextOpening(at: Date, zones: Iterable<string>, hours: CallingHours): Date | undefined {
  const list = [...new Set(zones)];
  const start = Math.ceil(at.getTime() / STEP_MS) * STEP_MS;
  for (let t = start; t <= at.getTime() + 8 * 86_400_000; t += STEP_MS) {
    const when = new Date(t);
    if (list.some((z) => isCallable(when, z, hours))) return when;
  }
  return undefined;
}
