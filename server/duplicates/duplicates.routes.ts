import { Router } from 'express';
import { DuplicateQuery, MergeRequest } from '../../shared/schemas/duplicates.js';
import { currentUser, requireRole } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { DuplicateService } from './duplicates.service.js';

/** Duplicate customers: candidates and merges, for supervisors and admins. */
export function duplicateRoutes(duplicates: DuplicateService) {
  const r = Router();
  const backOffice = requireRole('supervisor', 'admin');

  r.get(
    '/duplicates',
    backOffice,
    handle((req) => duplicates.candidates(parse(DuplicateQuery, req.query, 'query').limit)),
  );

  r.post(
    '/duplicates/merge',
    backOffice,
    handle((req) => {
      const { keepId, mergeId } = parse(MergeRequest, req.body, 'merge');
      return duplicates.merge(keepId, mergeId, currentUser(req).username);
    }),
  );

  return r;
}
