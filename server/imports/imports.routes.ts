import express, { Router } from 'express';
import { IMPORT_MAX_CHARS, ImportRequest } from '../../shared/schemas/imports.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import type { Tokens } from '../auth/tokens.js';
import { notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { ImportService } from './imports.service.js';

/**
 * Bulk imports, for admins. Mounted before the API's 100 kB JSON parser: only this route takes a
 * file-sized body (10 MB of content plus the envelope), and only after the caller is known to be an admin.
 */
export function importRoutes(imports: ImportService, tokens: Tokens) {
  const r = Router();
  const admin = [requireAuth(tokens), requireRole('admin')];

  r.post(
    '/imports',
    ...admin,
    express.json({ limit: IMPORT_MAX_CHARS + 64 * 1024, strict: true }),
    handle((req) => imports.run(parse(ImportRequest, req.body, 'import'))),
  );

  r.get(
    '/imports/:jobId',
    ...admin,
    handle((req) => {
      const job = imports.progress(String(req.params.jobId));
      if (!job) throw notFound('import job');
      return job;
    }),
  );

  return r;
}
