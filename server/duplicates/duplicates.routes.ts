import { Router } from 'express';
import { DuplicateQuery, MergeRequest } from '../../shared/schemas/duplicates.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { DuplicateService } from './duplicates.service.js';

/** Duplicate customers: candidates and merges, for supervisors and admins. */
export function duplicateRoutes(duplicates: DuplicateService) {
  const r = Router();

  r.get(
    '/duplicates',
    handle((req) => duplicates.candidates(parse(DuplicateQuery, req.query, 'query').limit)),
  );

  r.post(
    '/duplicates/merge',
    handle((req) => {
      const { keepId, mergeId } = parse(MergeRequest, req.body, 'merge');
      return duplicates.merge(keepId, mergeId, currentUser(req).username);
    }),
  );

  return r;
}
