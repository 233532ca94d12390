import type { z } from 'zod';
import { Complaint, type ComplaintCreate, type ComplaintUpdate } from '@shared/schemas/customer';
import { http } from '@/api/http';

// shared/ exports these schemas without their inferred types.
export type ComplaintCreateBody = z.infer<typeof ComplaintCreate>;
export type ComplaintUpdateBody = z.infer<typeof ComplaintUpdate>;

export const complaintsApi = {
  open: (customerId: string, body: ComplaintCreateBody) =>
    http.post(`/api/customers/${encodeURIComponent(customerId)}/complaints`, body, Complaint),
  update: (id: string, body: ComplaintUpdateBody) => http.patch(`/api/complaints/${encodeURIComponent(id)}`, body, Complaint),
};
