import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { ReportGrouping, ReportKind, ReportQuery, type ReportQueryInput } from '@shared/schemas/reports';

/**
 * The report asked for, as the URL keeps it (`?kind=agents&from=…&to=…&tz=…&groupBy=day&team=…`), so a
 * reload or a shared link reopens the same report. Pure: no router, no fetch.
 */

export type FilterKey = 'queue' | 'team' | 'agentId' | 'channel' | 'campaignId';

/**
 * The filters each report offers. A filter that means nothing for a report (a campaign on the queues
 * report) is neither shown nor sent, though the URL keeps it for when the user comes back to a report
 * it applies to.
 */
export const FILTERS_OF: Readonly<Record<ReportKind, readonly FilterKey[]>> = {
  queues: ['queue', 'channel'],
  agents: ['team', 'agentId', 'channel'],
  campaigns: ['campaignId', 'team', 'agentId'],
  offers: ['channel', 'campaignId', 'team', 'agentId'],
  satisfaction: ['queue', 'team', 'agentId', 'channel'],
};

const FILTER_KEYS: readonly FilterKey[] = ['queue', 'team', 'agentId', 'channel', 'campaignId'];

/** The browser's time zone (IANA), UTC when the runtime does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The calendar day (YYYY-MM-DD) it is at `now` in `tz`. */
export function todayIn(tz: string, now: Date = new Date()): string {
  // Canadian English writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `day` moved by `n` whole days (a calendar step: no time zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + n));
  return d.toISOString().slice(0, 10);
}

/** The last seven days up to today, by day, in `tz`. */
export function defaultQuery(tz: string = browserTimeZone(), now: Date = new Date()): ReportQuery {
  const to = todayIn(tz, now);
  return { from: addDays(to, -6), to, tz, groupBy: 'day' };
}

/** The query without the filters the report does not offer. */
export function forKind(kind: ReportKind, query: ReportQuery): ReportQuery {
  const out: ReportQuery = { from: query.from, to: query.to, tz: query.tz, groupBy: query.groupBy };
  for (const key of FILTERS_OF[kind]) if (query[key]) (out as Record<FilterKey, string>)[key] = query[key];
  return out;
}

/** A query string of the set values, always in the same order (from, to, tz, groupBy, filters, then `extra`). */
export function searchOf(query: Partial<ReportQuery>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const key of ['from', 'to', 'tz', 'groupBy', ...FILTER_KEYS] as const) {
    const value = query[key];
    if (value) q.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) q.set(key, value);
  return q.toString();
}

/** The URL's query for a report: its kind first, then the query as sent. */
export function toUrl(kind: ReportKind, query: ReportQuery): LocationQueryRaw {
  return { kind, ...Object.fromEntries(new URLSearchParams(searchOf(query))) };
}

const first = (v: LocationQuery[string] | undefined): string | undefined => (Array.isArray(v) ? (v[0] ?? undefined) : (v ?? undefined)) || undefined;

export interface FromUrl {
  kind: ReportKind;
  query: ReportQuery;
  /** The URL asked for a query the server would refuse (a range that ends before it starts): its code. */
  problem?: string;
}

/**
 * The report a URL asks for. Missing parts take the defaults (the last seven days, the browser's time
 * zone, by day); a wrong kind or grouping falls back too. A range the server would refuse is kept as
 * asked, with the problem, so the screen says what is wrong rather than quietly showing something else.
 */
export function fromUrl(raw: LocationQuery, defaults: ReportQuery = defaultQuery()): FromUrl {
  const kind = ReportKind.safeParse(first(raw.kind));
  const groupBy = ReportGrouping.safeParse(first(raw.groupBy));
  const input: ReportQueryInput = {
    from: first(raw.from) ?? defaults.from,
    to: first(raw.to) ?? defaults.to,
    tz: first(raw.tz) ?? defaults.tz,
    groupBy: groupBy.success ? groupBy.data : defaults.groupBy,
  };
  for (const key of FILTER_KEYS) {
    const value = first(raw[key]);
    if (value) (input as Record<FilterKey, string>)[key] = value;
  }
  const parsed = ReportQuery.safeParse(input);
  if (parsed.success) return { kind: kind.success ? kind.data : 'queues', query: parsed.data };
  const issue = parsed.error.issues[0];
  const code = issue?.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : undefined;
  const field = issue?.path[0];
  return { kind: kind.success ? kind.data : 'queues', query: input as ReportQuery, problem: code ?? (typeof field === 'string' ? field : 'invalid') };
}
