import { z } from 'zod';
import { QueueSettings, type QueueSettingsInput } from '@shared/schemas/queue-settings';
import { http, request } from '@/api/http';
import { download } from '@/audit/download';

const path = (queue: string) => `/api/queue-settings/${encodeURIComponent(queue)}`;
const query = (q?: string, format?: 'csv') => new URLSearchParams({ ...(q ? { q } : {}), ...(format ? { format } : {}) }).toString();

export const queueSettingsApi = {
  list: (q?: string) => http.get(`/api/queue-settings?${query(q)}`, z.array(QueueSettings)),
  save: (queue: string, body: QueueSettingsInput) => http.put(path(queue), body, QueueSettings),
  reset: (queue: string) => request('DELETE', path(queue), QueueSettings),
  exportCsv: (q?: string) => download(`/api/queue-settings?${query(q, 'csv')}`, 'queue-settings.csv'),
};
