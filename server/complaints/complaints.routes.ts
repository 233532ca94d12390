import { Router } from 'express';
import { Types } from 'mongoose';
import { ComplaintCreate, ComplaintUpdate } from '../../shared/schemas/customer.js';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { idempotentId } from '../security/idempotency.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import type { ComplaintService } from './complaints.service.js';

export function complaintRoutes(complaints: ComplaintService, interactions: InteractionService, audit: AuditService) {
  const r = Router();
  r.post(
    '/customers/:id/complaints',
    handle(async (req) => {
      const customerId = parseId(req.params.id, 'customer id');
      const input = parse(ComplaintCreate, req.body, 'complaint');
      const user = currentUser(req);
      const c = await interactions.during(
        input.interactionId,
        user,
        () => complaints.open(customerId, input, user.username, idempotentId(req, 'complaint')),
        (opened) => ({ what: 'complaint opened', detail: { complaintId: opened.id, subject: opened.subject } }),
      );
      if (input.interactionId) await interactions.linkComplaint(input.interactionId, new Types.ObjectId(c.id));
      await audit.record({ actor: user, action: 'complaint.opened', entity: { type: 'complaint', id: c.id }, customerId, after: { category: c.category, severity: c.severity, status: c.status } }, idempotentId(req, 'audit'));
      return c;
    }, 201),
  );
  r.patch(
    '/complaints/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'complaint id');
      const input = parse(ComplaintUpdate, req.body, 'complaint update');
      const user = currentUser(req);
      const saved = await interactions.during(
        input.interactionId,
        user,
        () => complaints.update(id, input),
        () => ({ what: 'complaint updated', detail: { complaintId: id, ...input } }),
      );
      const { interactionId, ...after } = input;
      await audit.record({ actor: user, action: 'complaint.updated', entity: { type: 'complaint', id }, customerId: saved.customerId, after, detail: { interactionId } });
      return saved;
    }),
  );
  return r;
}
