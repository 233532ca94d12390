import { z } from 'zod';
import { Channel, ObjectIdString } from './common.js';

/**
 * Historical reports: the one contract the report routes, their CSV files and the Reports screen share.
 *
 * Every report is asked with one `ReportQuery` (a date range of whole days in the user's time zone,
 * a grouping, filters) and answers `{ query, rows, totals }`; its CSV has exactly the rows on screen,
 * the columns of `REPORT_COLUMNS[kind]` in that order, the totals last (`period` = `total`).
 * Rows are computed from daily/half-hourly rollups kept incrementally (server/reports/), never by
 * rescanning interactions, so a 90-day report over 1M interactions answers in under a second.
 */

export const ReportKind = z.enum(['queues', 'agents', 'campaigns', 'offers', 'satisfaction']);
export type ReportKind = z.infer<typeof ReportKind>;

/** `hour-of-day`: every day's 09:00–10:00 summed into one row (campaigns: when are people reached). */
export const ReportGrouping = z.enum(['hour', 'day', 'week', 'month', 'hour-of-day']);
export type ReportGrouping = z.infer<typeof ReportGrouping>;

export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written YYYY-MM-DD');

/** An IANA time zone the runtime knows (Asia/Tehran, Europe/Bucharest, Asia/Shanghai...). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'unknown time zone', params: { code: 'time-zone' } },
  );

/** The longest range a report covers (a year and a month: this year's against last year's month). */
export const MAX_REPORT_DAYS = 400;

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

export const ReportQuery = z
  .object({
    /** First and last day, both included, in `tz`. */
    from: IsoDay,
    to: IsoDay,
    tz: TimeZone.default('UTC'),
    groupBy: ReportGrouping.default('day'),
    queue: z.string().trim().min(1).max(64).optional(),
    team: z.string().trim().min(1).max(64).optional(),
    agentId: ObjectIdString.optional(),
    channel: Channel.optional(),
    campaignId: ObjectIdString.optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range ends before it starts', path: ['to'], params: { code: 'range-order' } })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_REPORT_DAYS, {
    message: `a report covers at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
    params: { code: 'range-too-long' },
  });
export type ReportQuery = z.infer<typeof ReportQuery>;
export type ReportQueryInput = z.input<typeof ReportQuery>;

/**
 * A period's label, in `tz`: `2026-11-30` (day), `2026-11-30T14:00` (hour), `2026-W48` (ISO week),
 * `2026-11` (month), `14:00` (hour of day); `total` for the totals row.
 */
export const Period = z.string();

/** Queues. Times in seconds; rates 0..1; null when the denominator is 0. */
export const QueueReportRow = z.object({
  period: Period,
  queue: z.string(),
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  /** Abandoned within 5 s of ringing (a caller who hung up at once; shown apart, still counted). */
  abandonedShort: z.number(),
  answeredWithinThreshold: z.number(),
  /** answeredWithinThreshold / (answered + abandoned), as the floor counts it. */
  serviceLevel: z.number().nullable(),
  /** Average speed of answer: ring → connected to an agent. */
  asaSec: z.number().nullable(),
  /** Talk (voice) or chat time, answered → ended, averaged over answered ones. */
  talkSec: z.number().nullable(),
  /** After-call work: ended → wrapped up, averaged. */
  acwSec: z.number().nullable(),
  /** Average handle time = talk + after-call work. */
  ahtSec: z.number().nullable(),
  transfers: z.number(),
});
export type QueueReportRow = z.infer<typeof QueueReportRow>;

/** Seconds an agent spent in each state over the period (from the state log). */
export const StateSeconds = z.object({
  available: z.number(),
  offered: z.number(),
  onCall: z.number(),
  onChat: z.number(),
  afterCallWork: z.number(),
  /** Not ready, split by reason code (break, lunch, login, missed, acw-timeout...). */
  notReady: z.record(z.string(), z.number()),
  offline: z.number(),
});
export type StateSeconds = z.infer<typeof StateSeconds>;

export const AgentReportRow = z.object({
  period: Period,
  agentId: z.string(),
  agentName: z.string(),
  team: z.string().optional(),
  handledVoice: z.number(),
  handledChat: z.number(),
  handledOutbound: z.number(),
  talkSec: z.number(),
  acwSec: z.number(),
  ahtSec: z.number().nullable(),
  transfersOut: z.number(),
  states: StateSeconds,
  /** Logged in = everything but offline. */
  loggedInSec: z.number(),
  /** (on call + on chat + after-call work + offered) / (that + available); null with no such time. */
  occupancy: z.number().nullable(),
});
export type AgentReportRow = z.infer<typeof AgentReportRow>;

/** One agent's day as a line of coloured stretches (the activity timeline). */
export const TimelineSegment = z.object({
  state: z.string(),
  reason: z.string().optional(),
  from: z.coerce.date(),
  to: z.coerce.date(),
});
export const AgentTimeline = z.object({
  agentId: z.string(),
  agentName: z.string(),
  day: IsoDay,
  tz: z.string(),
  segments: z.array(TimelineSegment),
});
export type AgentTimeline = z.infer<typeof AgentTimeline>;

export const CampaignReportRow = z.object({
  period: Period,
  campaignId: z.string(),
  campaignName: z.string(),
  attempts: z.number(),
  /** Attempts where someone answered (not no-answer, busy, voicemail, wrong number). */
  reached: z.number(),
  conversions: z.number(),
  /** conversions / reached. */
  conversionRate: z.number().nullable(),
  byDisposition: z.record(z.string(), z.number()),
  callbacksScheduled: z.number(),
  /** Scheduled callbacks that were called back (an attempt on that contact after the callback was set). */
  callbacksKept: z.number(),
});
export type CampaignReportRow = z.infer<typeof CampaignReportRow>;

export const OfferReportRow = z.object({
  period: Period,
  offerId: z.string(),
  title: z.string(),
  /** The customer's value segment when it was presented (RFM), `unknown` when none. */
  segment: z.string(),
  /** `all` in the totals row (it sums every channel). */
  channel: z.union([Channel, z.literal('all')]),
  presented: z.number(),
  accepted: z.number(),
  declined: z.number(),
  /** accepted / presented. */
  acceptRate: z.number().nullable(),
  /** The currency of the prices (ISO 4217); in the totals, '' when the rows hold several. */
  currency: z.string(),
  /** Sum of the quoted prices of accepted offers, in `currency`; null in totals over several currencies. */
  revenue: z.number().nullable(),
});
export type OfferReportRow = z.infer<typeof OfferReportRow>;

export const SatisfactionReportRow = z.object({
  period: Period,
  /** `all` when the answers carry no queue (a survey outside a chat). */
  queue: z.string(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  csatCount: z.number(),
  /** 1–5. */
  csatAverage: z.number().nullable(),
  /** Share of CSAT answers of 4 or 5. */
  csatSatisfied: z.number().nullable(),
  npsCount: z.number(),
  /** % promoters (9–10) − % detractors (0–6), −100..100. */
  nps: z.number().nullable(),
});
export type SatisfactionReportRow = z.infer<typeof SatisfactionReportRow>;

export const REPORT_ROWS = {
  queues: QueueReportRow,
  agents: AgentReportRow,
  campaigns: CampaignReportRow,
  offers: OfferReportRow,
  satisfaction: SatisfactionReportRow,
} as const;
export type ReportRow<K extends ReportKind> = z.infer<(typeof REPORT_ROWS)[K]>;

export interface Report<K extends ReportKind> {
  kind: K;
  query: ReportQuery;
  rows: ReportRow<K>[];
  totals: ReportRow<K>;
  /** When the rollups it read were last brought up to date (a rebuild running shows here). */
  asOf: string;
}

/**
 * The CSV columns of each report, in order: the screen's table shows the same. Nested values are
 * flattened: `states.notReady.<reason>` becomes one column per reason present in the rows.
 */
export const REPORT_COLUMNS = {
  queues: ['period', 'queue', 'offered', 'answered', 'abandoned', 'abandonedShort', 'answeredWithinThreshold', 'serviceLevel', 'asaSec', 'talkSec', 'acwSec', 'ahtSec', 'transfers'],
  agents: ['period', 'agentName', 'team', 'handledVoice', 'handledChat', 'handledOutbound', 'talkSec', 'acwSec', 'ahtSec', 'transfersOut', 'loggedInSec', 'occupancy', 'states.available', 'states.offered', 'states.onCall', 'states.onChat', 'states.afterCallWork', 'states.notReady', 'states.offline'],
  campaigns: ['period', 'campaignName', 'attempts', 'reached', 'conversions', 'conversionRate', 'byDisposition', 'callbacksScheduled', 'callbacksKept'],
  offers: ['period', 'title', 'segment', 'channel', 'presented', 'accepted', 'declined', 'acceptRate', 'revenue', 'currency'],
  satisfaction: ['period', 'queue', 'agentName', 'csatCount', 'csatAverage', 'csatSatisfied', 'npsCount', 'nps'],
} as const satisfies Record<ReportKind, readonly string[]>;

/** The one-row-per-interaction export. */
export const InteractionExportQuery = z
  .object({
    from: IsoDay,
    to: IsoDay,
    tz: TimeZone.default('UTC'),
    queue: z.string().trim().min(1).max(64).optional(),
    team: z.string().trim().min(1).max(64).optional(),
    agentId: ObjectIdString.optional(),
    channel: Channel.optional(),
    campaignId: ObjectIdString.optional(),
    format: z.enum(['csv', 'ndjson']).default('csv'),
    /** Notes are free text about a customer: only when asked. */
    notes: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range ends before it starts', path: ['to'], params: { code: 'range-order' } });
export type InteractionExportQuery = z.infer<typeof InteractionExportQuery>;

export const InteractionExportRow = z.object({
  id: z.string(),
  channel: Channel,
  direction: z.string(),
  queue: z.string().optional(),
  campaignName: z.string().optional(),
  agentName: z.string().optional(),
  customerId: z.string().optional(),
  ringingAt: z.string().optional(),
  answeredAt: z.string().optional(),
  endedAt: z.string().optional(),
  wrappedUpAt: z.string().optional(),
  waitSec: z.number().optional(),
  /** Connected → ended, hold included (holdSec says how much of it the caller spent on hold). */
  talkSec: z.number().optional(),
  holdSec: z.number().optional(),
  acwSec: z.number().optional(),
  handleSec: z.number().optional(),
  disposition: z.string().optional(),
  /** `accepted:<offerId>;declined:<offerId>` in the order recorded. */
  offerOutcome: z.string().optional(),
  csat: z.number().optional(),
  transfers: z.number(),
  notes: z.string().optional(),
});
export type InteractionExportRow = z.infer<typeof InteractionExportRow>;
export const INTERACTION_EXPORT_COLUMNS = Object.keys(InteractionExportRow.shape) as Array<keyof InteractionExportRow>;

/** What the Reports screen's filters offer, limited to what the user may see (a supervisor: their teams). */
export const ReportOptions = z.object({
  queues: z.array(z.string()),
  teams: z.array(z.string()),
  agents: z.array(z.object({ id: z.string(), name: z.string(), team: z.string().optional() })),
  campaigns: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ReportOptions = z.infer<typeof ReportOptions>;
