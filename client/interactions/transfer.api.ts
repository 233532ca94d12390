import type { TransferRequest } from '@shared/schemas/interaction';
import { TransferDone, TransferTargets } from '@shared/schemas/transfer';
import { http } from '@/api/http';

const base = (id: string) => `/api/interactions/${encodeURIComponent(id)}`;

export const transferApi = {
  /** The ready agents who take the interaction's queue, and the known queues. */
  targets: (id: string) => http.get(`${base(id)}/transfer-targets`, TransferTargets),
  transfer: (id: string, body: Partial<TransferRequest>) => http.post(`${base(id)}/transfer`, body, TransferDone),
};
