import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { ReportKind, ReportQuery } from '../../shared/schemas/reports.js';
import { currentUser } from '../auth/auth.middleware.js';
import { download } from '../http/download.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import { reportCsv } from './report-csv.js';
import type { ReportService } from './reports.service.js';

const ReportFormat = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** The historical reports: the filters' options, and each report as JSON or as its CSV (the same rows). */
export function reportRoutes(reports: ReportService) {
  const r = Router();

  r.get(
    '/reports/options',
    handle((req) => reports.options(currentUser(req))),
  );

  r.get('/reports/:kind', (req: Request, res: Response, next: NextFunction) => {
    const kind = ReportKind.safeParse(req.params.kind);
    // Not a report (the interaction export's own path, or nothing): the routes after this one answer it.
    if (!kind.success) return next();
    // ReportQuery is strict: the format is read apart from it.
    const { format: rawFormat, ...rest } = req.query;
    const run = async () => {
      const { format } = parse(ReportFormat, { format: rawFormat }, 'format');
      const query = parse(ReportQuery, rest, 'report query');
      return { format, report: await reports.report(kind.data, query, currentUser(req)) };
    };
    if (rawFormat !== 'csv') return handle(async () => (await run()).report)(req, res, next);
    return download(async () => {
      const { report } = await run();
      return {
        filename: `${report.kind}-${report.query.from}-${report.query.to}.csv`,
        contentType: 'text/csv; charset=utf-8',
        lines: (async function* () {
          yield reportCsv(report.kind, report.rows, report.totals);
        })(),
      };
    })(req, res, next);
  });

  return r;
}
