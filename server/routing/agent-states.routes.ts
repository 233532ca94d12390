import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { NotReadyReasonList, type AgentStateChange } from '../../shared/realtime/agent-state.js';
import { inGroup } from '../../shared/access/roles.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { Models } from '../db/models.js';
import { csvLine } from '../http/csv.js';
import { download } from '../http/download.js';
import { forbidden } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import { isObjectIdString } from '../../shared/schemas/common.js';
import type { NotReadyReasons } from './not-ready-reasons.js';

const LogQuery = z
  .object({
    agentId: z.string().refine(isObjectIdString, 'agentId must be a user id').optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    format: z.enum(['json', 'csv']).default('json'),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict();

const CSV_COLUMNS = ['at', 'username', 'from', 'to', 'reason', 'by'] as const;

/** `GET /agent-states/reasons`: JSON for screens, or the list as CSV (the admin's export). */
const ReasonsQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();
const REASON_CSV_COLUMNS = ['position', 'code', 'label', 'status'] as const;

/** Not-ready reasons (everyone reads them, admins change them) and the agents' state log. */
export function agentStateRoutes(models: Models, reasons: NotReadyReasons) {
  const r = Router();

  r.get(
    '/agent-states/reasons',
    handle(async (req, res) => {
      const { format } = parse(ReasonsQuery, req.query, 'query');
      const list = await reasons.all();
      if (format === 'json') return list;
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="not-ready-reasons.csv"');
      res.send(csvLine(REASON_CSV_COLUMNS) + list.map((x, i) => csvLine([i + 1, x.code, x.label, x.active ? 'active' : 'archived'])).join(''));
    }),
  );
  r.put(
    '/agent-states/reasons',
    handle((req) => reasons.replace(parse(NotReadyReasonList.min(1), req.body, 'not-ready reasons'), currentUser(req))),
  );

  /** The filter of a state-log request: agents read only their own day, supervisors and admins anyone's. */
  function logFilter(req: Parameters<Parameters<typeof handle>[0]>[0]) {
    const q = parse(LogQuery, req.query, 'state log query');
    const user = currentUser(req);
    const own = !inGroup(user.role, 'BACK_OFFICE');
    if (own && q.agentId && q.agentId !== user.userId) throw forbidden('agents read their own state log only', 'OWN_STATE_LOG_ONLY');
    const agentId = own ? user.userId : q.agentId;
    const at: Record<string, Date> = { $gte: q.from ? new Date(q.from) : new Date(Date.now() - 24 * 3600_000) };
    if (q.to) at.$lt = new Date(q.to);
    return { q, filter: { ...(agentId ? { userId: new Types.ObjectId(agentId) } : {}), at } };
  }

  const toChange = (d: { userId: unknown; username: string; from: string; to: string; reason?: string | null; at: Date; by: string }): AgentStateChange => ({
    userId: String(d.userId),
    username: d.username,
    from: d.from as AgentStateChange['from'],
    to: d.to as AgentStateChange['to'],
    reason: d.reason ?? undefined,
    at: d.at.toISOString(),
    by: d.by,
  });

  r.get('/agent-states/log', (req, res, next) => {
    let parsed: ReturnType<typeof logFilter>;
    try {
      parsed = logFilter(req);
    } catch (err) {
      return next(err);
    }
    const { q, filter } = parsed;
    if (q.format === 'json')
      return handle(async () => (await models.AgentStateLog.find(filter).sort({ at: 1 }).limit(q.limit).lean()).map(toChange))(req, res, next);
    return download(() => ({
      filename: 'agent-states.csv',
      contentType: 'text/csv; charset=utf-8',
      lines: (async function* () {
        yield csvLine(CSV_COLUMNS);
        for await (const d of models.AgentStateLog.find(filter).sort({ at: 1 }).lean().cursor()) {
          const c = toChange(d);
          yield csvLine(CSV_COLUMNS.map((k) => c[k]));
        }
      })(),
    }))(req, res, next);
  });

  return r;
}
