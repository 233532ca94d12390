import { z } from 'zod';
import { type QueueHours, QueueHoursView } from '@shared/schemas/queue-hours';
import { http, request } from '@/api/http';

const path = (queue: string) => `/api/queues/${encodeURIComponent(queue)}/hours`;

export const queuesApi = {
  list: () => http.get('/api/queues', z.array(z.string())),
  hours: (queue: string) => http.get(path(queue), QueueHoursView),
  setHours: (queue: string, hours: QueueHours) => http.put(path(queue), hours, QueueHoursView),
  removeHours: (queue: string) => request('DELETE', path(queue), QueueHoursView),
};
