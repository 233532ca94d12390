import { Types } from 'mongoose';
import { createOnce } from '../db/create-once.js';
import { z } from 'zod';
import type { Complaint, ComplaintCreate, ComplaintUpdate } from '../../shared/schemas/customer.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import type { ComplaintDoc } from './complaint.model.js';
import { customerReassigner } from '../db/customer-reassign.js';

type Create = z.infer<typeof ComplaintCreate>;
type Update = z.infer<typeof ComplaintUpdate>;

export function toComplaint(c: ComplaintDoc): Complaint {
  return {
    id: String(c._id),
    customerId: String(c.customerId),
    subject: c.subject,
    category: c.category,
    severity: c.severity,
    status: c.status,
    owner: c.owner ?? undefined,
    resolution: c.resolution ?? undefined,
    openedAt: c.openedAt,
    updatedAt: c.updatedAt ?? c.openedAt,
    resolvedAt: c.resolvedAt ?? undefined,
  };
}

export function createComplaintService(models: Models) {
  return {
    /** A merge (and its undo) moves complaints between customers through here. */
    reassign: customerReassigner(models.Complaint),

    /** `id`: the complaint's id when the request may be a retry (`idempotentId`): stored once however often it is retried. */
    async open(customerId: string, input: Create, owner: string, id?: Types.ObjectId) {
      if (!(await models.Customer.exists({ _id: new Types.ObjectId(customerId) }))) throw notFound('customer');
      const { doc } = await createOnce<ComplaintDoc>(models.Complaint, {
        customerId: new Types.ObjectId(customerId),
        subject: input.subject,
        category: input.category,
        severity: input.severity,
        status: 'open',
        owner,
        openedAt: new Date(),
          interactionIds: input.interactionId ? [new Types.ObjectId(input.interactionId)] : [],
        },
        id,
      );
      return toComplaint(doc);
    },

    async update(id: string, input: Update) {
      const set: Record<string, unknown> = {};
      if (input.status) set.status = input.status;
      if (input.severity) set.severity = input.severity;
      if (input.resolution !== undefined) set.resolution = input.resolution;
      if (input.status === 'resolved') set.resolvedAt = new Date();
      const update: Record<string, unknown> = { $set: set };
      if (input.interactionId) update.$addToSet = { interactionIds: new Types.ObjectId(input.interactionId) };
      const saved = await models.Complaint.findOneAndUpdate({ _id: new Types.ObjectId(id) }, update, { returnDocument: 'after' }).lean<ComplaintDoc>();
      if (!saved) throw notFound('complaint');
      return toComplaint(saved);
    },
  };
}
export type ComplaintService = ReturnType<typeof createComplaintService>;
