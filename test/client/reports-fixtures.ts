import type { AgentReportRow, AgentTimeline, Report, ReportKind, ReportOptions, ReportQuery, ReportRow } from '@shared/schemas/reports';

/** Reports as the server answers them (JSON on the wire: dates as strings), for the client's tests. */

export const ids = {
  dana: '64b000000000000000000001',
  mihai: '64b000000000000000000002',
  spring: '64c000000000000000000001',
};

export const week: ReportQuery = { from: '2026-11-24', to: '2026-11-30', tz: 'Europe/Bucharest', groupBy: 'day' };

export const options: ReportOptions = {
  queues: ['sales', 'service'],
  teams: ['north', 'south'],
  agents: [
    { id: ids.dana, name: 'Dana Pop', team: 'north' },
    { id: ids.mihai, name: 'Mihai Ionescu', team: 'south' },
  ],
  campaigns: [{ id: ids.spring, name: 'Spring renewals' }],
};

const states = (s: Partial<AgentReportRow['states']> = {}): AgentReportRow['states'] => ({
  available: 0,
  offered: 0,
  onCall: 0,
  onChat: 0,
  afterCallWork: 0,
  notReady: {},
  offline: 0,
  ...s,
});

export const danaDay: AgentReportRow = {
  period: '2026-11-30',
  agentId: ids.dana,
  agentName: 'Dana Pop',
  team: 'north',
  handledVoice: 12,
  handledChat: 5,
  handledOutbound: 0,
  talkSec: 5400,
  acwSec: 900,
  ahtSec: 370.6,
  transfersOut: 1,
  states: states({ available: 7200, offered: 120, onCall: 5400, onChat: 1200, afterCallWork: 900, notReady: { lunch: 1800, break: 600 }, offline: 0 }),
  loggedInSec: 17220,
  occupancy: 0.5,
};

const rows: { [K in ReportKind]: ReportRow<K>[] } = {
  queues: [
    { period: '2026-11-29', queue: 'sales', offered: 40, answered: 36, abandoned: 4, abandonedShort: 1, answeredWithinThreshold: 30, serviceLevel: 0.75, asaSec: 14.2, talkSec: 250, acwSec: 40, ahtSec: 290, transfers: 2 },
    { period: '2026-11-30', queue: 'sales', offered: 20, answered: 20, abandoned: 0, abandonedShort: 0, answeredWithinThreshold: 18, serviceLevel: 0.9, asaSec: 9, talkSec: 200, acwSec: 30, ahtSec: 230, transfers: 0 },
  ],
  agents: [
    danaDay,
    { ...danaDay, period: '2026-11-30', agentId: ids.mihai, agentName: 'Mihai Ionescu', team: 'south', states: states({ available: 3600, notReady: { training: 3600 } }) },
  ],
  campaigns: [
    { period: '2026-11-30', campaignId: ids.spring, campaignName: 'Spring renewals', attempts: 50, reached: 20, conversions: 5, conversionRate: 0.25, byDisposition: { sale: 5, 'no-answer': 30 }, callbacksScheduled: 3, callbacksKept: 2 },
  ],
  offers: [
    { period: '2026-11-30', offerId: 'o1', title: 'Fibre 500', segment: 'champions', channel: 'voice', presented: 10, accepted: 4, declined: 6, acceptRate: 0.4, revenue: 1996, currency: 'RON' },
  ],
  satisfaction: [
    { period: '2026-11-30', queue: 'service', agentId: ids.dana, agentName: 'Dana Pop', csatCount: 8, csatAverage: 4.25, csatSatisfied: 0.875, npsCount: 4, nps: 50 },
  ],
};

const totals: { [K in ReportKind]: ReportRow<K> } = {
  queues: { ...rows.queues[0]!, period: 'total', queue: '', offered: 60, answered: 56, abandoned: 4, abandonedShort: 1, answeredWithinThreshold: 48, serviceLevel: 0.8, transfers: 2 },
  agents: { ...danaDay, period: 'total', agentId: '', agentName: '', team: undefined, states: states({ available: 10800, notReady: { lunch: 1800, break: 600, training: 3600 } }) },
  campaigns: { ...rows.campaigns[0]!, period: 'total', campaignId: '', campaignName: '', byDisposition: { sale: 5, 'no-answer': 30, busy: 0 } },
  offers: { ...rows.offers[0]!, period: 'total', offerId: '', title: '', segment: '' },
  satisfaction: { ...rows.satisfaction[0]!, period: 'total', queue: 'all', agentId: undefined, agentName: undefined },
};

export function reportOf<K extends ReportKind>(kind: K, query: ReportQuery = week): Report<K> {
  return { kind, query, rows: rows[kind] as ReportRow<K>[], totals: totals[kind] as ReportRow<K>, asOf: '2026-11-30T12:00:00.000Z' };
}

/** The columns each fixture's table must show, written out by hand from REPORT_COLUMNS. */
export const expectedColumns: Record<ReportKind, string[]> = {
  queues: ['period', 'queue', 'offered', 'answered', 'abandoned', 'abandonedShort', 'answeredWithinThreshold', 'serviceLevel', 'asaSec', 'talkSec', 'acwSec', 'ahtSec', 'transfers'],
  agents: [
    'period', 'agentName', 'team', 'handledVoice', 'handledChat', 'handledOutbound', 'talkSec', 'acwSec', 'ahtSec', 'transfersOut', 'loggedInSec', 'occupancy',
    'states.available', 'states.offered', 'states.onCall', 'states.onChat', 'states.afterCallWork',
    'states.notReady.break', 'states.notReady.lunch', 'states.notReady.training', 'states.offline',
  ],
  campaigns: ['period', 'campaignName', 'attempts', 'reached', 'conversions', 'conversionRate', 'byDisposition.busy', 'byDisposition.no-answer', 'byDisposition.sale', 'callbacksScheduled', 'callbacksKept'],
  offers: ['period', 'title', 'segment', 'channel', 'presented', 'accepted', 'declined', 'acceptRate', 'revenue', 'currency'],
  satisfaction: ['period', 'queue', 'agentName', 'csatCount', 'csatAverage', 'csatSatisfied', 'npsCount', 'nps'],
};

/** Dana's 30 November in Bucharest (UTC+2): logged in at 08:00, lunch at 12:00, gone at 17:00. */
export const danaTimeline: AgentTimeline = {
  agentId: ids.dana,
  agentName: 'Dana Pop',
  day: '2026-11-30',
  tz: 'Europe/Bucharest',
  segments: [
    { state: 'not-ready', reason: 'login', from: new Date('2026-11-30T06:00:00Z'), to: new Date('2026-11-30T06:05:00Z') },
    { state: 'available', from: new Date('2026-11-30T06:05:00Z'), to: new Date('2026-11-30T07:00:00Z') },
    { state: 'on-call', from: new Date('2026-11-30T07:00:00Z'), to: new Date('2026-11-30T10:00:00Z') },
    { state: 'not-ready', reason: 'lunch', from: new Date('2026-11-30T10:00:00Z'), to: new Date('2026-11-30T10:30:00Z') },
    { state: 'available', from: new Date('2026-11-30T10:30:00Z'), to: new Date('2026-11-30T15:00:00Z') },
  ],
};
