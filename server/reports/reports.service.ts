import { type PipelineStage, Types } from 'mongoose';
import type { Channel } from '../../shared/schemas/common.js';
import type { Report, ReportKind, ReportOptions, ReportQuery, ReportRow } from '../../shared/schemas/reports.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { forbidden } from '../http/errors.js';
import { widgetRatingModel } from '../widget/widget-rating.model.js';
import { type RollupKind, stateContributions } from './contributions.js';
import { dailyAnswers } from './daily.js';
import { reportRange } from './periods.js';
import { type Cell, cellsOf, rollupPipeline } from './report-pipeline.js';
import { agentRow, type Bucketed, campaignRow, groupCells, groupIntoPeriods, intoCells, offerRow, queueRow, type SatisfactionAnswer, satisfactionRow, satisfactionSums } from './report-rows.js';
import type { RollupRepository } from './rollups.repository.js';
import { assertInScope, reportScope, type ReportScope } from './scope.js';

/** The filters each rollup is kept by (a filter a rollup has no dim for does not apply to it). */
const FILTERABLE: Record<RollupKind, ReadonlyArray<'queue' | 'channel' | 'agentId' | 'campaignId'>> = {
  queue: ['queue', 'channel', 'agentId'],
  agent: ['queue', 'channel', 'agentId', 'campaignId'],
  // Time in a state belongs to no queue, channel or campaign.
  state: ['agentId'],
  campaign: ['campaignId', 'agentId'],
  offer: ['queue', 'channel', 'agentId'],
};

/** Who the agent filter offers: the people who take calls and chats. */
const ROLE_AGENTS = ['agent', 'telemarketer'] as const;
const nameOf = (u: { username: string; displayName?: string | null }) => u.displayName || u.username;

/** Satisfaction answers per batch read (reading them is the report's main cost on the console's thread). */
const ANSWER_BATCH = 1000;

/**
 * Historical reports, computed by aggregation pipelines (report-pipeline.ts) over the rollups
 * (rollups.repository.ts): the daily ones when the query is by day, week or month in the reporting
 * time zone and filters only by what they keep (daily.ts), else the half-hour ones. Whole local days,
 * summed into the query's periods, with a totals row recomputed from the sums. Satisfaction is read
 * from the answers themselves (widget ratings and surveys: a few per interaction at most, by date).
 *
 * Who sees what (scope.ts): agents and telemarketers only the agents report of themselves; supervisors
 * every queue, campaign and offer figure but agent rows of their teams only.
 */
export function createReportService(deps: { models: Models; rollups: RollupRepository; now?: () => Date; timeZone: string }) {
  const { models, rollups, timeZone } = deps;
  const { ReportRollup, ReportDay, ReportField, User, Campaign, Offer, Survey } = models;
  const ratings = widgetRatingModel(models.User.db);
  const now = () => (deps.now ? deps.now() : new Date()).getTime();

  /** The agents a query is about: its agent, or its team's members, within the scope; null: everyone. */
  async function agentsOf(q: ReportQuery, scope: ReportScope, limitToScope: boolean): Promise<string[] | null> {
    let ids: string[] | null = null;
    if (q.agentId) ids = [q.agentId];
    else if (q.team) ids = (await User.find({ team: q.team }, { _id: 1 }).lean()).map((u) => String(u._id));
    if (limitToScope && scope.agentIds) ids = ids ? ids.filter((id) => scope.agentIds!.includes(id)) : scope.agentIds;
    return ids;
  }

  /** One kind's figures over the range, summed per period and row by the database. */
  async function read(kind: RollupKind, q: ReportQuery, agents: string[] | null, range: { start: number; end: number }): Promise<Cell[]> {
    const dims: Record<string, unknown> = {};
    const applies = FILTERABLE[kind];
    if (q.queue && applies.includes('queue')) dims.queue = q.queue;
    if (q.channel && applies.includes('channel')) dims.channel = q.channel;
    if (q.campaignId && applies.includes('campaignId')) dims.campaignId = q.campaignId;
    if (agents && applies.includes('agentId')) dims.agentId = { $in: agents };
    const daily = dailyAnswers(kind, q, Object.keys(dims), timeZone);
    const fields = (await ReportField.findById(kind).lean())?.fields ?? [];
    if (!fields.length) return [];
    const pipeline = rollupPipeline({ kind, groupBy: q.groupBy, tz: q.tz, dims, fields, source: daily ? { daily, from: q.from, to: q.to } : { daily, ...range } });
    const out = await (daily ? ReportDay : ReportRollup).aggregate<Record<string, unknown>>(pipeline as PipelineStage[]);
    return cellsOf(kind, fields, out);
  }

  async function users(ids: Iterable<string>) {
    const list = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    const found = await User.find({ _id: { $in: list } }, { username: 1, displayName: 1, team: 1 }).lean();
    return new Map(found.map((u) => [String(u._id), { id: String(u._id), name: nameOf(u), team: u.team ?? undefined }]));
  }

  async function queues(q: ReportQuery, scope: ReportScope, range: { start: number; end: number }) {
    const g = groupCells(await read('queue', q, await agentsOf(q, scope, false), range), (d) => d.queue);
    return { rows: g.cells.map((c) => queueRow(c.period, c.key, c.sums)), totals: queueRow('total', 'all', g.total) };
  }

  async function agents(q: ReportQuery, scope: ReportScope, range: { start: number; end: number }) {
    const who = await agentsOf(q, scope, true);
    const [work, states] = await Promise.all([read('agent', q, who, range), read('state', q, who, range)]);
    // The state each agent is in now has been going on since their last change: counted up to now.
    const open: Bucketed[] = [];
    const until = Math.min(range.end, now());
    for (const c of await rollups.cursors(who)) {
      const from = Math.max(range.start, c.at.getTime());
      if (from < until) open.push(...stateContributions(String(c._id), c.state, c.reason, from, until));
    }
    const g = groupCells([...work, ...states, ...intoCells(open, q.tz, q.groupBy)], (d) => d.agentId);
    const names = await users(g.cells.map((c) => c.key));
    const agent = (id: string) => names.get(id) ?? { id, name: id };
    return { rows: g.cells.map((c) => agentRow(c.period, agent(c.key), c.sums)), totals: agentRow('total', { id: '', name: 'all' }, g.total) };
  }

  async function campaigns(q: ReportQuery, scope: ReportScope, range: { start: number; end: number }) {
    const g = groupCells(await read('campaign', q, await agentsOf(q, scope, false), range), (d) => d.campaignId);
    const ids = [...new Set(g.cells.map((c) => c.key))].filter((id) => Types.ObjectId.isValid(id));
    const names = new Map((await Campaign.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((c) => [String(c._id), c.name]));
    return {
      rows: g.cells.map((c) => campaignRow(c.period, { id: c.key, name: names.get(c.key) ?? c.key }, c.sums)),
      totals: campaignRow('total', { id: '', name: 'all' }, g.total),
    };
  }

  async function offers(q: ReportQuery, scope: ReportScope, range: { start: number; end: number }) {
    const docs = await read('offer', q, await agentsOf(q, scope, false), range);
    const titles = new Map<string, string>();
    // The offer's title as it is now, else as it was quoted.
    for (const d of docs) if (d.labels?.title) titles.set(d.dims.offerId, d.labels.title);
    const ids = [...titles.keys()].filter((id) => Types.ObjectId.isValid(id));
    for (const o of await Offer.find({ _id: { $in: ids } }, { title: 1 }).lean()) titles.set(String(o._id), o.title);
    const g = groupCells(docs, (d) => `${d.offerId}\u0001${d.segment}\u0001${d.channel}\u0001${d.currency}`);
    // The totals add up revenue only when every row is in one currency.
    const currencies = new Set(g.cells.map((c) => c.key.split('\u0001')[3]));
    return {
      rows: g.cells.map((c) => {
        const [id, segment, channel, currency] = c.key.split('\u0001');
        return offerRow(c.period, { id, title: titles.get(id) ?? id, segment, channel: channel as Channel, currency }, c.sums);
      }),
      totals: offerRow('total', { id: '', title: 'all', segment: 'all', channel: 'all', currency: currencies.size === 1 ? [...currencies][0] : currencies.size ? null : '' }, g.total),
    };
  }

  async function satisfaction(q: ReportQuery, scope: ReportScope, range: { start: number; end: number }) {
    const who = await agentsOf(q, scope, false);
    const at = { $gte: new Date(range.start), $lt: new Date(range.end) };
    // Read in batches of ANSWER_BATCH: each batch is decoded as it arrives, a task of its own on the
    // console's thread, rather than 15,000 survey answers of 90 days in one piece that held every CTI
    // acknowledgement behind it for a few hundred milliseconds.
    const rated = await ratings
      .find({ at, ...(q.queue ? { queue: q.queue } : {}), ...(who ? { agentId: { $in: who.map((id) => new Types.ObjectId(id)) } } : {}) }, { at: 1, score: 1, queue: 1, agentId: 1, customerId: 1 })
      .batchSize(ANSWER_BATCH)
      .lean();
    const answers: SatisfactionAnswer[] = rated.map((r) => ({ at: r.at.getTime(), type: 'csat', score: r.score, queue: r.queue ?? undefined, agentId: r.agentId ? String(r.agentId) : undefined }));
    // Surveys belong to no queue or agent: only when the query does not ask for one.
    if (!q.queue && !who && !q.channel) {
      // The widget copies each rating of a known customer into their surveys (same customer and time): counted once.
      const copies = new Set(rated.filter((r) => r.customerId).map((r) => `${String(r.customerId)}@${r.at.getTime()}`));
      for await (const s of Survey.find({ at }, { type: 1, score: 1, at: 1, customerId: 1 }).lean().cursor({ batchSize: ANSWER_BATCH })) {
        if (s.type === 'csat' && copies.has(`${String(s.customerId)}@${s.at.getTime()}`)) continue;
        if (s.type === 'csat' || s.type === 'nps') answers.push({ at: s.at.getTime(), type: s.type, score: s.score });
      }
    }
    // A supervisor sees the answers about their own agents and those about no agent.
    const visible = scope.agentIds ? answers.filter((a) => !a.agentId || scope.agentIds!.includes(a.agentId)) : answers;
    const bucketed: Bucketed[] = visible.map((a) => ({ bucket: a.at, dims: { queue: a.queue ?? 'all', agentId: a.agentId ?? '' }, sums: satisfactionSums(a) }));
    const g = groupIntoPeriods(bucketed, q.tz, q.groupBy, (d) => `${d.queue}\u0001${d.agentId}`);
    const names = await users(visible.map((a) => a.agentId ?? ''));
    return {
      rows: g.cells.map((c) => {
        const [queue, agentId] = c.key.split('\u0001');
        return satisfactionRow(c.period, queue, agentId ? (names.get(agentId) ?? { id: agentId, name: agentId }) : undefined, c.sums);
      }),
      totals: satisfactionRow('total', 'all', undefined, g.total),
    };
  }

  const KINDS = { queues, agents, campaigns, offers, satisfaction };

  return {
    async report<K extends ReportKind>(kind: K, q: ReportQuery, user: TokenClaims): Promise<Report<K>> {
      const scope = await reportScope(models, user);
      if (scope.own && kind !== 'agents') throw forbidden('you can see only your own figures (My day)', 'REPORT_OUT_OF_SCOPE');
      assertInScope(scope, q);
      const asOf = rollups.asOf();
      const { rows, totals } = await KINDS[kind](q, scope, reportRange(q.from, q.to, q.tz));
      return { kind, query: q, rows: rows as ReportRow<K>[], totals: totals as ReportRow<K>, asOf: asOf.toISOString() };
    },

    /** What the filters offer, within the user's scope. */
    async options(user: TokenClaims): Promise<ReportOptions> {
      const scope = await reportScope(models, user);
      const people = await User.find({ role: { $in: ROLE_AGENTS }, ...(scope.agentIds ? { _id: { $in: scope.agentIds } } : {}) }, { username: 1, displayName: 1, team: 1 })
        .sort({ username: 1 })
        .lean();
      const agents = people.map((u) => ({ id: String(u._id), name: nameOf(u), ...(u.team ? { team: u.team } : {}) }));
      if (scope.own) return { queues: [], teams: [], agents, campaigns: [] };
      const [rolledQueues, skills, teams, outbound] = await Promise.all([
        ReportDay.distinct('dims.queue', { kind: 'queue' }),
        User.distinct('skills'),
        scope.teams ?? User.distinct('team', { team: { $nin: [null, ''] } }),
        Campaign.find({ status: { $exists: true } }, { name: 1 }).sort({ name: 1 }).lean(),
      ]);
      return {
        queues: [...new Set([...rolledQueues, ...skills].map(String).filter(Boolean))].sort(),
        teams: [...teams].map(String).sort(),
        agents,
        campaigns: outbound.map((c) => ({ id: String(c._id), name: c.name })),
      };
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
