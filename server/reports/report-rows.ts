import type {
  AgentReportRow,
  CampaignReportRow,
  OfferReportRow,
  QueueReportRow,
  ReportGrouping,
  SatisfactionReportRow,
  StateSeconds,
} from '../../shared/schemas/reports.js';
import type { Channel } from '../../shared/schemas/common.js';
import type { Sums } from './contributions.js';
import { periodLabeller } from './periods.js';
import type { Cell } from './report-pipeline.js';

/**
 * Summing rollups (half-hour ones, or cells a pipeline grouped) into a report's periods and turning sums into rows (no I/O). Averages
 * and rates are computed from the summed figures of the period (or of the whole range for the
 * totals), never averaged from the periods' averages.
 */
export interface Bucketed {
  bucket: number;
  dims: Record<string, string>;
  sums: Sums;
}

export interface Grouped {
  /** One entry per period and row key, in period order then key order. */
  cells: Array<{ period: string; key: string; sums: Sums }>;
  total: Sums;
}

export function addInto(into: Sums, sums: Sums) {
  for (const [k, v] of Object.entries(sums)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** Labels each half-hour's figures with the period of `groupBy` in `tz` it falls in. */
export function intoCells(rows: Iterable<Bucketed>, tz: string, groupBy: ReportGrouping): Cell[] {
  const out: Cell[] = [];
  // Many rows share a bucket: each bucket is labelled once.
  const labels = new Map<number, string>();
  const label = periodLabeller(tz, groupBy);
  for (const r of rows) {
    let period = labels.get(r.bucket);
    if (period === undefined) labels.set(r.bucket, (period = label(r.bucket)));
    out.push({ period, dims: r.dims, sums: r.sums });
  }
  return out;
}

/** Sums cells into one per period and `keyOf(dims)`, in period order then key order, and the total. */
export function groupCells(rows: Iterable<Cell>, keyOf: (dims: Record<string, string>) => string): Grouped {
  const cells = new Map<string, { period: string; key: string; sums: Sums }>();
  const total: Sums = {};
  for (const r of rows) {
    const key = keyOf(r.dims);
    const id = `${r.period}\u0000${key}`;
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { period: r.period, key, sums: {} }));
    addInto(cell.sums, r.sums);
    addInto(total, r.sums);
  }
  const ordered = [...cells.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { cells: ordered, total };
}

/** Sums buckets into the periods of `groupBy` in `tz`, one cell per period and `keyOf(dims)`. */
export function groupIntoPeriods(rows: Iterable<Bucketed>, tz: string, groupBy: ReportGrouping, keyOf: (dims: Record<string, string>) => string): Grouped {
  return groupCells(intoCells(rows, tz, groupBy), keyOf);
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
/** Seconds to a tenth: durations come from millisecond timestamps. */
const tenth = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const n = (s: Sums, k: string) => s[k] ?? 0;

export function queueRow(period: string, queue: string, s: Sums): QueueReportRow {
  const talk = ratio(n(s, 'talkSum'), n(s, 'talkCount'));
  const acw = ratio(n(s, 'acwSum'), n(s, 'acwCount'));
  return {
    period,
    queue,
    offered: n(s, 'offered'),
    answered: n(s, 'answered'),
    abandoned: n(s, 'abandoned'),
    abandonedShort: n(s, 'abandonedShort'),
    answeredWithinThreshold: n(s, 'answeredWithinThreshold'),
    serviceLevel: ratio(n(s, 'answeredWithinThreshold'), n(s, 'answered') + n(s, 'abandoned')),
    asaSec: tenth(ratio(n(s, 'asaSum'), n(s, 'asaCount'))),
    talkSec: tenth(talk),
    acwSec: tenth(acw),
    // Handle time = talk + after-call work (an answered call not yet wrapped up adds no after-call work).
    ahtSec: talk === null ? null : tenth(talk + (acw ?? 0)),
    transfers: n(s, 'transfers'),
  };
}

export function stateSeconds(s: Sums): StateSeconds {
  const notReady: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) if (k.startsWith('nr:') && v) notReady[k.slice(3)] = tenth(v)!;
  return {
    available: tenth(n(s, 'available'))!,
    offered: tenth(n(s, 'offered'))!,
    onCall: tenth(n(s, 'onCall'))!,
    onChat: tenth(n(s, 'onChat'))!,
    afterCallWork: tenth(n(s, 'afterCallWork'))!,
    notReady,
    offline: tenth(n(s, 'offline'))!,
  };
}

export function agentRow(period: string, agent: { id: string; name: string; team?: string }, s: Sums): AgentReportRow {
  const states = stateSeconds(s);
  const working = n(s, 'onCall') + n(s, 'onChat') + n(s, 'afterCallWork') + n(s, 'offered');
  let loggedIn = working + n(s, 'available');
  for (const [k, v] of Object.entries(s)) if (k.startsWith('nr:')) loggedIn += v;
  return {
    period,
    agentId: agent.id,
    agentName: agent.name,
    ...(agent.team ? { team: agent.team } : {}),
    handledVoice: n(s, 'handledVoice'),
    handledChat: n(s, 'handledChat'),
    handledOutbound: n(s, 'handledOutbound'),
    talkSec: tenth(n(s, 'talkSum'))!,
    acwSec: tenth(n(s, 'acwSum'))!,
    ahtSec: tenth(ratio(n(s, 'talkSum') + n(s, 'acwSum'), n(s, 'handleCount'))),
    transfersOut: n(s, 'transfersOut'),
    states,
    loggedInSec: tenth(loggedIn)!,
    occupancy: ratio(working, working + n(s, 'available')),
  };
}

export function campaignRow(period: string, campaign: { id: string; name: string }, s: Sums): CampaignReportRow {
  const byDisposition: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) if (k.startsWith('disp:') && v) byDisposition[k.slice(5)] = v;
  return {
    period,
    campaignId: campaign.id,
    campaignName: campaign.name,
    attempts: n(s, 'attempts'),
    reached: n(s, 'reached'),
    conversions: n(s, 'conversions'),
    conversionRate: ratio(n(s, 'conversions'), n(s, 'reached')),
    byDisposition,
    callbacksScheduled: n(s, 'callbacksScheduled'),
    callbacksKept: n(s, 'callbacksKept'),
  };
}

export function offerRow(period: string, offer: { id: string; title: string; segment: string; channel: Channel | 'all'; currency: string | null }, s: Sums): OfferReportRow {
  return {
    period,
    offerId: offer.id,
    title: offer.title,
    segment: offer.segment,
    channel: offer.channel,
    presented: n(s, 'presented'),
    accepted: n(s, 'accepted'),
    declined: n(s, 'declined'),
    acceptRate: ratio(n(s, 'accepted'), n(s, 'presented')),
    // Several currencies (a totals row) have no sum.
    currency: offer.currency ?? '',
    revenue: offer.currency === null ? null : Math.round(n(s, 'revenue') * 100) / 100,
  };
}

/** One satisfaction answer: a widget rating or a survey (CSAT 1–5, NPS 0–10). */
export interface SatisfactionAnswer {
  at: number;
  type: 'csat' | 'nps';
  score: number;
  queue?: string;
  agentId?: string;
}

/** An answer's figures: CSAT count, sum and satisfied (4–5); NPS count, promoters (9–10), detractors (0–6). */
export function satisfactionSums(a: SatisfactionAnswer): Sums {
  if (a.type === 'csat') return { csatCount: 1, csatSum: a.score, csatSatisfied: a.score >= 4 ? 1 : 0 };
  return { npsCount: 1, promoters: a.score >= 9 ? 1 : 0, detractors: a.score <= 6 ? 1 : 0 };
}

export function satisfactionRow(period: string, queue: string, agent: { id: string; name: string } | undefined, s: Sums): SatisfactionReportRow {
  const nps = ratio(n(s, 'promoters') - n(s, 'detractors'), n(s, 'npsCount'));
  const avg = ratio(n(s, 'csatSum'), n(s, 'csatCount'));
  return {
    period,
    queue,
    ...(agent ? { agentId: agent.id, agentName: agent.name } : {}),
    csatCount: n(s, 'csatCount'),
    csatAverage: avg === null ? null : Math.round(avg * 100) / 100,
    csatSatisfied: ratio(n(s, 'csatSatisfied'), n(s, 'csatCount')),
    npsCount: n(s, 'npsCount'),
    nps: nps === null ? null : Math.round(nps * 1000) / 10,
  };
}
