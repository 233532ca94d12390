import type { ReportGrouping } from '../../shared/schemas/reports.js';
import type { RollupKind, Sums } from './contributions.js';

/**
 * The aggregation pipeline of a report over one kind of rollup (no I/O): match the range and filters,
 * group by period and row, sum every figure. The same pipeline runs on MongoDB and on the embedded
 * database (which groups part by part, letting the floor's commands in between).
 */

/** What a report's rows are per, for each kind (the period comes first). */
export const ROW_DIMS: Record<RollupKind, readonly string[]> = {
  queue: ['queue'],
  agent: ['agentId'],
  state: ['agentId'],
  campaign: ['campaignId'],
  offer: ['offerId', 'segment', 'channel', 'currency'],
};

/** `$dateToString` formats giving periods.ts's labels (`%G-W%V`: the ISO week and its year). */
export const PERIOD_FORMATS: Record<ReportGrouping, string> = {
  hour: '%Y-%m-%dT%H:00',
  day: '%Y-%m-%d',
  week: '%G-W%V',
  month: '%Y-%m',
  'hour-of-day': '%H:00',
};

export interface PipelineInput {
  kind: RollupKind;
  groupBy: ReportGrouping;
  tz: string;
  /** Dim filters: `{ queue: 'sales', agentId: { $in: [...] } }`. */
  dims: Record<string, unknown>;
  /** Every figure name of the kind (reportfields). */
  fields: readonly string[];
  /** Daily rollups (`reportdays`, by local day in the reporting zone) or half-hour ones. */
  source: { daily: true; from: string; to: string } | { daily: false; start: number; end: number };
}

/** Figure names a pipeline can name safely (a stored figure name never has a dot or a leading $). */
const nameable = (f: string) => !f.includes('.') && !f.startsWith('$');

export function rollupPipeline(p: PipelineInput): object[] {
  const match: Record<string, unknown> = { kind: p.kind };
  if (p.source.daily) match.day = { $gte: p.source.from, $lte: p.source.to };
  else match.bucket = { $gte: new Date(p.source.start), $lt: new Date(p.source.end) };
  for (const [d, v] of Object.entries(p.dims)) match[`dims.${d}`] = v;
  const id: Record<string, unknown> = {
    p: p.source.daily ? `$${p.groupBy}` : { $dateToString: { date: '$bucket', format: PERIOD_FORMATS[p.groupBy], timezone: p.tz } },
  };
  for (const d of ROW_DIMS[p.kind]) id[d] = `$dims.${d}`;
  const group: Record<string, unknown> = { _id: id };
  p.fields.filter(nameable).forEach((f, n) => (group[`f${n}`] = { $sum: `$sums.${f}` }));
  if (p.kind === 'offer') group.title = { $max: '$labels.title' };
  return [{ $match: match }, { $group: group }];
}

export interface Cell {
  period: string;
  dims: Record<string, string>;
  sums: Sums;
  labels?: Record<string, string>;
}

/** The pipeline's output as cells: one per period and row, with its non-zero sums. */
export function cellsOf(kind: RollupKind, fields: readonly string[], out: Array<Record<string, unknown>>): Cell[] {
  const named = fields.filter(nameable);
  return out.map((o) => {
    const id = o._id as Record<string, unknown>;
    const dims: Record<string, string> = {};
    for (const d of ROW_DIMS[kind]) dims[d] = id[d] === null || id[d] === undefined ? '' : String(id[d]);
    const sums: Sums = {};
    named.forEach((f, n) => {
      const v = Number(o[`f${n}`] ?? 0);
      if (v) sums[f] = v;
    });
    return { period: String(id.p), dims, sums, ...(typeof o.title === 'string' ? { labels: { title: o.title } } : {}) };
  });
}
