import { Router } from 'express';
import { z } from 'zod';
import { InteractionExportQuery, IsoDay, MAX_REPORT_DAYS, TimeZone } from '../../shared/schemas/reports.js';
import { currentUser } from '../auth/auth.middleware.js';
import { download } from '../http/download.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionExportService } from './interaction-export.service.js';
import { daysBetween } from './zone-days.js';
import type { TimelineService } from './timeline.service.js';

/** The export covers what a report may: at most MAX_REPORT_DAYS days. */
const ExportQuery = InteractionExportQuery.refine((q) => daysBetween(q.from, q.to) < MAX_REPORT_DAYS, {
  message: `an export covers at most ${MAX_REPORT_DAYS} days`,
  path: ['to'],
  params: { code: 'range-too-long' },
});

const TimelineQuery = z.object({ day: IsoDay, tz: TimeZone.default('UTC') }).strict();

/**
 * The interaction export and the agents' timelines. Mounted before the reports router, whose
 * `/reports/:kind` would otherwise take `/reports/interactions`.
 */
export function reportExportRoutes(exports: InteractionExportService, timelines: TimelineService) {
  const r = Router();
  r.get(
    '/reports/interactions',
    download((req) => exports.open(parse(ExportQuery, req.query, 'interaction export'), currentUser(req))),
  );
  r.get(
    '/reports/agents/:agentId/timeline',
    handle((req) => {
      const agentId = parseId(req.params.agentId, 'agent id');
      return timelines.dayOf({ agentId, ...parse(TimelineQuery, req.query, 'timeline query') }, currentUser(req));
    }),
  );
  return r;
}
