import type { AgentReportRow, CampaignReportRow, OfferReportRow, QueueReportRow, ReportKind, ReportRow, SatisfactionReportRow } from '@shared/schemas/reports';

/**
 * What each report's chart draws: a few figures per period, summed over the queues, agents, campaigns
 * or offers of that period (the table keeps them apart). Pure: labels and colours are the view's.
 */
export interface ChartSeries {
  /** The figure, named in `reports.chart.<key>`. */
  key: string;
  values: Array<number | null>;
}
export interface ReportChart {
  /** `line` for rates and scores, `bar` for volumes. */
  type: 'bar' | 'line';
  periods: string[];
  series: ChartSeries[];
}

/** Rows grouped by period, periods in the order they first appear (the server sends them in time order). */
function byPeriod<R extends { period: string }>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) groups.set(row.period, [...(groups.get(row.period) ?? []), row]);
  return groups;
}

const sum = <R>(rows: readonly R[], pick: (r: R) => number) => rows.reduce((n, r) => n + pick(r), 0);

/** Sums of some count fields per period. */
function volumes<R extends { period: string }>(rows: readonly R[], keys: ReadonlyArray<keyof R & string>): ReportChart {
  const groups = byPeriod(rows);
  return {
    type: 'bar',
    periods: [...groups.keys()],
    series: keys.map((key) => ({ key, values: [...groups.values()].map((g) => sum(g, (r) => Number(r[key]) || 0)) })),
  };
}

/** A mean weighted by its count over a period's rows (a queue with 200 answers weighs more than one with 2). */
function weighted<R>(rows: readonly R[], value: (r: R) => number | null, weight: (r: R) => number): number | null {
  let total = 0;
  let weights = 0;
  for (const r of rows) {
    const v = value(r);
    if (v === null || weight(r) === 0) continue;
    total += v * weight(r);
    weights += weight(r);
  }
  return weights ? total / weights : null;
}

export function chartOf<K extends ReportKind>(kind: K, rows: readonly ReportRow<K>[]): ReportChart {
  switch (kind) {
    case 'queues':
      return volumes(rows as readonly QueueReportRow[], ['offered', 'answered', 'abandoned']);
    case 'agents':
      return volumes(rows as readonly AgentReportRow[], ['handledVoice', 'handledChat', 'handledOutbound']);
    case 'campaigns':
      return volumes(rows as readonly CampaignReportRow[], ['attempts', 'reached', 'conversions']);
    case 'offers':
      return volumes(rows as readonly OfferReportRow[], ['presented', 'accepted', 'declined']);
    default: {
      // Satisfaction: the share of satisfied answers (as a percentage) and the NPS share one −100..100 axis.
      const groups = byPeriod(rows as readonly SatisfactionReportRow[]);
      const satisfied = [...groups.values()].map((g) => weighted(g, (r) => r.csatSatisfied, (r) => r.csatCount));
      return {
        type: 'line',
        periods: [...groups.keys()],
        series: [
          { key: 'csatSatisfied', values: satisfied.map((v) => (v === null ? null : Math.round(v * 1000) / 10)) },
          { key: 'nps', values: [...groups.values()].map((g) => weighted(g, (r) => r.nps, (r) => r.npsCount)) },
        ],
      };
    }
  }
}
