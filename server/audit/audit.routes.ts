import { Router } from 'express';
import { AuditExportQuery, AuditQuery } from '../../shared/schemas/audit.js';
import { requireRole } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { AuditService } from './audit.service.js';

/** The audit log, read-only and admin-only: there is no route that changes or deletes an entry. */
export function auditRoutes(audit: AuditService) {
  const r = Router();
  r.get('/audit', requireRole('admin'), handle((req) => audit.list(parse(AuditQuery, req.query, 'audit query'))));
  r.get('/audit/export', requireRole('admin'), async (req, res, next) => {
    try {
      const q = parse(AuditExportQuery, req.query, 'audit export');
      const stamp = new Date().toISOString().slice(0, 10);
      res.setHeader('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
      res.setHeader('content-disposition', `attachment; filename="audit-${stamp}.${q.format === 'csv' ? 'csv' : 'ndjson'}"`);
      for await (const line of audit.export(q)) if (!res.write(line)) await new Promise((r) => res.once('drain', r));
      res.end();
    } catch (err) {
      if (res.headersSent) res.destroy(err as Error);
      else next(err);
    }
  });
  return r;
}
