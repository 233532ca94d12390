import { type QueueHours, inSpan } from '../../shared/schemas/queue-hours.js';

/** The weekday (0 Sunday), date and time of day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { weekday: number; date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
  return { weekday, date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Whether a queue with these hours is open at an instant: inside a span of its weekday, and not a holiday. */
export function isOpenAt(hours: QueueHours, at: Date): boolean {
  const { weekday, date, time } = localTime(at, hours.timeZone);
  if (hours.holidays.includes(date)) return false;
  return (hours.week[weekday] ?? []).some((s) => inSpan(s, time));
}
