import { CustomerPicture } from '@shared/schemas/customer';
import { type ImportRequest, ImportProgress, ImportReport } from '@shared/schemas/imports';
import { http } from '@/api/http';

export const importsApi = {
  run: (body: ImportRequest) => http.post('/api/imports', body, ImportReport),
  progress: (jobId: string) => http.get(`/api/imports/${encodeURIComponent(jobId)}`, ImportProgress),
  confirmContact: (customerId: string, interactionId?: string) =>
    http.post(`/api/customers/${encodeURIComponent(customerId)}/confirm-contact`, interactionId ? { interactionId } : {}, CustomerPicture),
};
