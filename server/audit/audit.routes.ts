import { Router } from 'express';
import { AuditExportQuery, AuditQuery } from '../../shared/schemas/audit.js';
import { download } from '../http/download.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { AuditService } from './audit.service.js';

/** The audit log, read-only and admin-only: there is no route that changes or deletes an entry. */
export function auditRoutes(audit: AuditService) {
  const r = Router();
  r.get('/audit', handle((req) => audit.list(parse(AuditQuery, req.query, 'audit query'))));
  r.get(
    '/audit/export',

    download((req) => {
      const q = parse(AuditExportQuery, req.query, 'audit export');
      const stamp = new Date().toISOString().slice(0, 10);
      return {
        filename: `audit-${stamp}.${q.format === 'csv' ? 'csv' : 'ndjson'}`,
        contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        lines: audit.export(q),
      };
    }),
  );
  return r;
}
