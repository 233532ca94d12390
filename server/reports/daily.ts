import { type Contribution, type RollupKind, rollupKey, type Sums } from './contributions.js';
import { periodOf } from './periods.js';

/**
 * Daily rollups (no I/O): the half-hour contributions summed per local day of the contact centre's
 * reporting time zone, keeping only the dims a report groups by or is commonly filtered by. A report
 * over whole days, weeks or months in that zone reads one document per day and row instead of one per
 * half-hour, agent and channel (a 90-day queue report: hundreds of documents instead of hundreds of
 * thousands); any other query (by hour, in another zone, or filtered by a dim a daily rollup does not
 * keep) reads the half-hour rollups.
 */
export const DAILY_DIMS: Record<RollupKind, readonly string[]> = {
  queue: ['queue', 'channel'],
  // An agent's handled figures are already split by channel (handledVoice, handledChat, handledOutbound).
  agent: ['agentId'],
  state: ['agentId'],
  campaign: ['campaignId'],
  offer: ['offerId', 'segment', 'channel', 'currency'],
};

export interface DailyContribution {
  kind: RollupKind;
  key: string;
  /** The local day, its ISO week and month in the reporting zone: the labels a report groups by. */
  day: string;
  week: string;
  month: string;
  dims: Record<string, string>;
  sums: Sums;
  labels?: Record<string, string>;
}

/** Half-hour contributions (or their differences) summed into the daily rollups of `tz`. */
export function dailyContributions(cs: Contribution[], tz: string): DailyContribution[] {
  const out = new Map<string, DailyContribution>();
  const days = new Map<number, { day: string; week: string; month: string }>();
  for (const c of cs) {
    let when = days.get(c.bucket);
    if (!when) days.set(c.bucket, (when = { day: periodOf(c.bucket, tz, 'day'), week: periodOf(c.bucket, tz, 'week'), month: periodOf(c.bucket, tz, 'month') }));
    const dims: Record<string, string> = {};
    for (const d of DAILY_DIMS[c.kind]) dims[d] = c.dims[d] ?? '';
    const key = rollupKey({ kind: c.kind, dims });
    const id = `${key}|${when.day}`;
    let d = out.get(id);
    if (!d) out.set(id, (d = { kind: c.kind, key, ...when, dims, sums: {} }));
    if (c.labels) d.labels = c.labels;
    for (const [f, v] of Object.entries(c.sums)) d.sums[f] = (d.sums[f] ?? 0) + v;
  }
  // Differences that cancel within a day (a change that moved a figure between its half-hours) write nothing.
  for (const d of out.values()) for (const [f, v] of Object.entries(d.sums)) if (!v) delete d.sums[f];
  return [...out.values()].filter((d) => Object.keys(d.sums).length || d.labels);
}

/** Whether a report can be answered from the daily rollups of `centreTz` (see DAILY_DIMS). */
export function dailyAnswers(kind: RollupKind, q: { tz: string; groupBy: string }, filters: readonly string[], centreTz: string): boolean {
  if (q.tz !== centreTz || !['day', 'week', 'month'].includes(q.groupBy)) return false;
  return filters.every((f) => DAILY_DIMS[kind].includes(f));
}
