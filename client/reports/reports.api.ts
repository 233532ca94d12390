import { z } from 'zod';
import { AgentTimeline, REPORT_ROWS, type Report, type ReportKind, ReportOptions, ReportQuery } from '@shared/schemas/reports';
import { http } from '@/api/http';
import { type FilterKey, searchOf } from './report-query';

/** A report's answer, its rows checked against the shared row schema of its kind. */
const reportSchema = <K extends ReportKind>(kind: K) =>
  z.object({ kind: z.literal(kind), query: ReportQuery, rows: z.array(REPORT_ROWS[kind]), totals: REPORT_ROWS[kind], asOf: z.string() }) as unknown as z.ZodType<Report<K>>;

export type InteractionFilters = Pick<ReportQuery, 'from' | 'to' | 'tz' | FilterKey>;

export const reportsApi = {
  options: () => http.get('/api/reports/options', ReportOptions),
  /** A report as JSON; `path(kind, query, 'csv')` is the same report as its CSV file. */
  report: <K extends ReportKind>(kind: K, query: ReportQuery) => http.get(reportsApi.path(kind, query), reportSchema(kind)),
  path: (kind: ReportKind, query: ReportQuery, format?: 'csv') => `/api/reports/${kind}?${searchOf(query, format ? { format } : {})}`,
  timeline: (agentId: string, day: string, tz: string) =>
    http.get(`/api/reports/agents/${encodeURIComponent(agentId)}/timeline?${new URLSearchParams({ day, tz }).toString()}`, AgentTimeline),
  /** The one-row-per-interaction export (no grouping: one row is one interaction). */
  interactionsPath: (filters: InteractionFilters, format: 'csv' | 'ndjson', notes: boolean) => {
    const { from, to, tz, queue, team, agentId, channel, campaignId } = filters;
    return `/api/reports/interactions?${searchOf({ from, to, tz, queue, team, agentId, channel, campaignId }, { format, notes: String(notes) })}`;
  },
};
