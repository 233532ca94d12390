/**
 * One agent's day as consecutive stretches of state, from their state log (no I/O: the service reads
 * the log and hands it here).
 */

/** A state-log row as the timeline needs it. */
export interface StateChange {
  to: string;
  /** The not-ready reason in force after the change (routing keeps it under calls too). */
  reason?: string | null;
  at: Date;
}

export interface Segment {
  state: string;
  reason?: string;
  from: Date;
  to: Date;
}

/**
 * A reason only tells not-ready stretches apart: routing also logs the reason kept under a call
 * (presence not ready while on a call), which must not split the call into two stretches.
 */
const reasonOf = (state: string, reason?: string | null) => (state === 'not-ready' && reason ? reason : undefined);

/**
 * The stretches covering [start, end): the state at `start` is the `to` of `before` (the last change
 * before the day), offline when there is none; each change in the window starts a stretch. Changes
 * must be in order of time; those outside the window are ignored. Stretches of the same state and
 * reason that follow each other are merged (a reason change under a call, a repeated change), and
 * empty ones dropped. An empty window has no stretches.
 */
export function timelineSegments(before: StateChange | null | undefined, changes: readonly StateChange[], start: Date, end: Date): Segment[] {
  if (end.getTime() <= start.getTime()) return [];
  const segments: Segment[] = [];
  let current: Segment = { state: before?.to ?? 'offline', reason: reasonOf(before?.to ?? 'offline', before?.reason), from: start, to: end };
  const close = (at: Date) => {
    if (at.getTime() <= current.from.getTime()) return;
    const last = segments[segments.length - 1];
    if (last && last.state === current.state && last.reason === current.reason) last.to = at;
    else segments.push({ ...current, to: at });
  };
  for (const c of changes) {
    if (c.at.getTime() < start.getTime() || c.at.getTime() >= end.getTime()) continue;
    close(c.at);
    current = { state: c.to, reason: reasonOf(c.to, c.reason), from: c.at, to: end };
  }
  close(end);
  return segments.map((s) => (s.reason === undefined ? { state: s.state, from: s.from, to: s.to } : s));
}
