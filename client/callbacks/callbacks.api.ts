import { z } from 'zod';
import { type CallbackClose, type CallbackFilter, CallbackTask } from '@shared/schemas/callbacks';
import { http } from '@/api/http';

export type ListFilter = Omit<CallbackFilter, 'format'>;

/** The list's query string: only the filters that are set. */
export function filterQuery(filter: ListFilter, format: CallbackFilter['format'] = 'json'): string {
  const q = new URLSearchParams();
  if (filter.state) q.set('state', filter.state);
  if (filter.queue) q.set('queue', filter.queue);
  if (filter.q?.trim()) q.set('q', filter.q.trim());
  if (format !== 'json') q.set('format', format);
  return q.toString();
}

export const callbacksApi = {
  list: (filter: ListFilter) => http.get(`/api/callbacks?${filterQuery(filter)}`, z.array(CallbackTask)),
  claim: (id: string) => http.post(`/api/callbacks/${id}/claim`, {}, CallbackTask),
  release: (id: string) => http.post(`/api/callbacks/${id}/release`, {}, CallbackTask),
  close: (id: string, body: CallbackClose) => http.post(`/api/callbacks/${id}/close`, body, CallbackTask),
  queues: () => http.get('/api/queues', z.array(z.string())),
  exportPath: (filter: ListFilter) => `/api/callbacks?${filterQuery(filter, 'csv')}`,
};
