import express, { type RequestHandler, Router } from 'express';
import { IMPORT_MAX_CHARS, ImportRequest } from '../../shared/schemas/imports.js';
import { currentUser } from '../auth/auth.middleware.js';
import { notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { ImportService } from './imports.service.js';

/**
 * Bulk imports, for admins. Mounted before the API's 100 kB JSON parser: only this route takes a
 * file-sized body (10 MB of content, plus room for JSON escapes), and only after the caller is known to be
 * an admin. `gate` is the API's own bearer-token check followed by the role matrix.
 */
export function importRoutes(imports: ImportService, gate: RequestHandler[]) {
  const r = Router();
  const admin = gate;

  r.post(
    '/imports',
    ...admin,
    express.json({ limit: Math.round(IMPORT_MAX_CHARS * 1.2), strict: true }),
    handle((req) => imports.run({ ...parse(ImportRequest, req.body, 'import'), startedBy: currentUser(req).userId })),
  );

  r.get(
    '/imports/:jobId',
    ...admin,
    handle(async (req) => {
      const job = await imports.progress(String(req.params.jobId));
      if (!job) throw notFound('importJob', 'import job not found');
      return job;
    }),
  );

  return r;
}
