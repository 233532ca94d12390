import type { AgentTimeline } from '@shared/schemas/reports';

/**
 * Where an agent's states sit on the bar of their day: the day runs from midnight to midnight in the
 * report's time zone (23 or 25 hours on a clock-change day), each stretch placed as a share of it. Pure.
 */

/** How far `tz`'s clock is ahead of UTC at the instant `at` (ms; Tehran +3:30 → 12 600 000). */
export function zoneOffsetMs(tz: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant `day` starts in `tz`. */
function midnight(day: string, tz: string): number {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  // The offset at the guess may differ from the one at the true midnight (a clock change overnight): a second pass settles it.
  const guess = wall - zoneOffsetMs(tz, wall);
  return wall - zoneOffsetMs(tz, guess);
}

/** The first and the last instant (exclusive) of `day` in `tz`. */
export function dayBounds(day: string, tz: string): { start: number; end: number } {
  const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1)).toISOString().slice(0, 10);
  return { start: midnight(day, tz), end: midnight(next, tz) };
}

export interface PlacedSegment {
  state: string;
  reason?: string;
  from: Date;
  to: Date;
  /** Where it starts and how long it is, in % of the day. */
  start: number;
  width: number;
}

/** The segments within the day, clipped to it, with their place on the bar. */
export function placeSegments(timeline: AgentTimeline): PlacedSegment[] {
  const { start, end } = dayBounds(timeline.day, timeline.tz);
  const length = end - start;
  return timeline.segments.flatMap((s) => {
    const from = Math.max(start, s.from.getTime());
    const to = Math.min(end, s.to.getTime());
    if (to <= from) return [];
    return [{ state: s.state, ...(s.reason ? { reason: s.reason } : {}), from: new Date(from), to: new Date(to), start: ((from - start) / length) * 100, width: ((to - from) / length) * 100 }];
  });
}

/** The hours marked under the bar (every `step` hours from midnight), with their place. */
export function hourMarks(day: string, tz: string, step = 3): Array<{ at: Date; start: number }> {
  const { start, end } = dayBounds(day, tz);
  const marks: Array<{ at: Date; start: number }> = [];
  for (let t = start; t < end; t += step * 3_600_000) marks.push({ at: new Date(t), start: ((t - start) / (end - start)) * 100 });
  return marks;
}
