import { Types } from 'mongoose';
import type { InteractionExportQuery } from '../../shared/schemas/reports.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import type { WidgetRatingModel } from '../widget/widget-rating.model.js';
import { csvHeader, csvRow, EXPORT_FIELDS, type ExportedInteraction, exportRow, ndjsonRow } from './interaction-export.js';
import { assertInScope, reportScope } from './scope.js';
import { dayRange } from './zone-days.js';

/** Interactions whose ratings are looked up together: one query per batch, not per row. */
const BATCH = 200;

export interface InteractionExportDeps {
  models: Models;
  ratings: WidgetRatingModel;
  audit: AuditService;
}

export interface InteractionExport {
  filename: string;
  contentType: string;
  lines: AsyncGenerator<string>;
}

/** Merges two cursors each in order of `timeOf` into one in that order, holding one document of each. */
async function* mergeInOrder<T>(a: AsyncIterable<T>, b: AsyncIterable<T>, timeOf: (d: T) => number): AsyncGenerator<T> {
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  let [na, nb] = await Promise.all([ia.next(), ib.next()]);
  while (!na.done || !nb.done) {
    if (nb.done || (!na.done && timeOf(na.value) <= timeOf(nb.value))) {
      yield na.value as T;
      na = await ia.next();
    } else {
      yield nb.value;
      nb = await ib.next();
    }
  }
}

/**
 * The one-row-per-interaction export. Rows are read through cursors and written as they come (the
 * download honours back-pressure), so a year of interactions never sits in memory: at most one batch.
 */
export function createInteractionExport({ models, ratings, audit }: InteractionExportDeps) {
  /**
   * The filter besides time. Interactions nobody answered have no agent: a supervisor limited to a
   * team cannot tell whether they were that team's, so they see only their agents' interactions;
   * admins and supervisors of the whole floor see the unanswered ones too (unless filtering by agent
   * or team, which no unanswered interaction has).
   */
  async function filterOf(q: InteractionExportQuery, user: TokenClaims): Promise<Record<string, unknown>> {
    const scope = await reportScope(models, user);
    assertInScope(scope, q);
    let agentIds = scope.agentIds;
    if (q.team) {
      const members = await models.User.find({ team: q.team }, { _id: 1 }).lean<Array<{ _id: unknown }>>();
      const team = members.map((m) => String(m._id));
      agentIds = agentIds ? agentIds.filter((id) => team.includes(id)) : team;
    }
    if (q.agentId) agentIds = !agentIds || agentIds.includes(q.agentId) ? [q.agentId] : [];
    return {
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.campaignId ? { campaignId: new Types.ObjectId(q.campaignId) } : {}),
      ...(agentIds ? { agentId: { $in: agentIds.map((id) => new Types.ObjectId(id)) } } : {}),
    };
  }

  async function* rows(filter: Record<string, unknown>, start: Date, end: Date, q: InteractionExportQuery): AsyncGenerator<string> {
    const fields = q.notes ? { ...EXPORT_FIELDS, notes: 1 } : EXPORT_FIELDS;
    // An interaction's time is when it rang, or when it was created when it never rang. Two cursors,
    // each a range on an index of its own ({ ringingAt: 1 }, { createdAt: -1 }), merged in time order.
    const rang = models.Interaction.find({ ...filter, ringingAt: { $gte: start, $lt: end } }, fields)
      .sort({ ringingAt: 1 })
      .lean<ExportedInteraction[]>()
      .cursor({ batchSize: BATCH }) as AsyncIterable<ExportedInteraction>;
    const neverRang = models.Interaction.find({ ...filter, ringingAt: null, createdAt: { $gte: start, $lt: end } }, fields)
      .sort({ createdAt: 1 })
      .lean<ExportedInteraction[]>()
      .cursor({ batchSize: BATCH }) as AsyncIterable<ExportedInteraction>;
    const format = q.format === 'csv' ? csvRow : ndjsonRow;
    if (q.format === 'csv') yield csvHeader();

    let batch: ExportedInteraction[] = [];
    const flush = async function* () {
      const found = await ratings
        .find({ interactionId: { $in: batch.map((i) => i._id) } }, { interactionId: 1, score: 1 })
        .lean<Array<{ interactionId: unknown; score: number }>>();
      const csat = new Map(found.map((r) => [String(r.interactionId), r.score]));
      for (const i of batch) yield format(exportRow(i, csat.get(String(i._id)), q.notes));
      batch = [];
    };
    for await (const i of mergeInOrder(rang, neverRang, (d) => (d.ringingAt ?? d.createdAt).getTime())) {
      batch.push(i);
      if (batch.length >= BATCH) yield* flush();
    }
    if (batch.length) yield* flush();
  }

  return {
    /**
     * Checks the request against the user's scope, records who exported what (before the first row
     * leaves), and hands back the lines to stream.
     */
    async open(q: InteractionExportQuery, user: TokenClaims): Promise<InteractionExport> {
      const filter = await filterOf(q, user);
      const { start, end } = dayRange(q.from, q.to, q.tz);
      await audit.record({
        actor: user,
        action: 'interactions.exported',
        entity: { type: 'interaction', id: '*' },
        detail: { from: q.from, to: q.to, tz: q.tz, format: q.format, notes: q.notes, filters: { queue: q.queue, team: q.team, agentId: q.agentId, channel: q.channel, campaignId: q.campaignId } },
      });
      return {
        filename: `interactions-${q.from}-to-${q.to}.${q.format}`,
        contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        lines: rows(filter, start, end, q),
      };
    },
  };
}
export type InteractionExportService = ReturnType<typeof createInteractionExport>;
