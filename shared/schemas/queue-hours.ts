import { z } from 'zod';

/**
 * A queue's business hours: per weekday (0 Sunday ... 6 Saturday) zero or more open spans in the
 * queue's time zone, and dated holidays when it is closed all day. Outside them the website widget
 * offers to leave a message (a callback task) instead of a chat.
 */
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/**
 * `to` is exclusive; `00:00` as `to` means midnight at the end of the day, so a span can run to the
 * end of the day (18:00–00:00) and `00:00`–`00:00` is the whole day. A span never crosses midnight:
 * a night shift is two spans, one on each day.
 */
export const MIDNIGHT = '00:00';
export const OpenSpan = z
  .object({ from: Time, to: Time })
  .strict()
  .refine((s) => s.from < s.to || s.to === MIDNIGHT, { message: 'a span ends after it starts', path: ['to'] });
export type OpenSpan = z.infer<typeof OpenSpan>;

/** Whether a time of day (`HH:MM`) is inside a span. */
export const inSpan = (s: OpenSpan, time: string): boolean => s.from <= time && (s.to === MIDNIGHT || time < s.to);

export const QueueHours = z
  .object({
    timeZone: z.string().min(1).max(64).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London'),
    /** Seven entries, Sunday first; an empty list: closed that day. */
    week: z.array(z.array(OpenSpan).max(4)).length(7),
    /** Closed all day: `YYYY-MM-DD` in the queue's time zone. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(100).default([]),
  })
  .strict();
export type QueueHours = z.infer<typeof QueueHours>;

/** A queue's hours as the API answers them; `hours: null`: none set, always open. */
export const QueueHoursView = z.object({ queue: z.string(), hours: QueueHours.nullable() });
export type QueueHoursView = z.infer<typeof QueueHoursView>;
