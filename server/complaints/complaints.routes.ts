import { Router } from 'express';
import { Types } from 'mongoose';
import { ComplaintCreate, ComplaintUpdate } from '../../shared/schemas/customer.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import type { ComplaintService } from './complaints.service.js';

export function complaintRoutes(complaints: ComplaintService, interactions: InteractionService) {
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
        () => complaints.open(customerId, input, user.username),
        (opened) => ({ what: 'complaint opened', detail: { complaintId: opened.id, subject: opened.subject } }),
      );
      if (input.interactionId) await interactions.linkComplaint(input.interactionId, new Types.ObjectId(c.id));
      return c;
    }, 201),
  );
  r.patch(
    '/complaints/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'complaint id');
      const input = parse(ComplaintUpdate, req.body, 'complaint update');
      return interactions.during(
        input.interactionId,
        currentUser(req),
        () => complaints.update(id, input),
        () => ({ what: 'complaint updated', detail: { complaintId: id, ...input } }),
      );
    }),
  );
  return r;
}
