import { Router } from 'express';
import { DuplicateQuery, MergeRequest, NotDuplicateRequest } from '../../shared/schemas/duplicates.js';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { DuplicateService } from './duplicates.service.js';

/**
 * Duplicate customers, for supervisors and admins: candidates, merges and their undo, "not a duplicate".
 * Every change goes in the audit trail with ids only (an erased customer must not live on in it by name).
 */
export function duplicateRoutes(duplicates: DuplicateService, audit: AuditService) {
  const r = Router();

  r.get(
    '/duplicates',
    handle((req) => duplicates.candidates(parse(DuplicateQuery, req.query, 'query').limit)),
  );

  r.post(
    '/duplicates/merge',
    handle(async (req) => {
      const { keepId, mergeId } = parse(MergeRequest, req.body, 'merge');
      const user = currentUser(req);
      const result = await duplicates.merge(keepId, mergeId, user.username);
      const detail = { mergeId, undoId: result.undo?.id, moved: result.moved, merged: result.merged };
      await audit.record({ actor: user, action: 'customer.merged', entity: { type: 'customer', id: keepId }, customerId: keepId, detail });
      return result;
    }),
  );

  r.get(
    '/duplicates/merges',
    handle(async () => ({ items: await duplicates.recentMerges() })),
  );

  r.post(
    '/duplicates/merges/:id/undo',
    handle(async (req) => {
      const id = parseId(req.params.id, 'merge id');
      const user = currentUser(req);
      const { record, ...result } = await duplicates.undoMerge(id, user.username);
      const detail = { undoId: id, keepId: result.keepId, mergedAt: record.at, mergedBy: record.by, movedBack: result.movedBack };
      await audit.record({ actor: user, action: 'customer.merge-undone', entity: { type: 'customer', id: result.restoredId }, customerId: result.restoredId, detail });
      return result;
    }),
  );

  r.get(
    '/duplicates/not-duplicates',
    handle(async () => ({ items: await duplicates.notDuplicates() })),
  );

  r.post(
    '/duplicates/not-duplicates',
    handle(async (req) => {
      const { aId, bId } = parse(NotDuplicateRequest, req.body, 'not a duplicate');
      const user = currentUser(req);
      const marked = await duplicates.markNotDuplicate(aId, bId, user.username);
      await audit.record({ actor: user, action: 'customer.not-duplicate', entity: { type: 'customer', id: aId }, customerId: aId, detail: { aId, bId } });
      return marked;
    }, 201),
  );

  r.delete(
    '/duplicates/not-duplicates/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'decision id');
      const user = currentUser(req);
      const withdrawn = await duplicates.withdrawNotDuplicate(id);
      const [aId, bId] = [String(withdrawn.a), String(withdrawn.b)];
      await audit.record({
        actor: user,
        action: 'customer.not-duplicate-withdrawn',
        entity: { type: 'customer', id: aId },
        customerId: aId,
        detail: { aId, bId, markedBy: withdrawn.by },
      });
      return { id };
    }),
  );

  return r;
}
