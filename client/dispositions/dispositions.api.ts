import { z } from 'zod';
import { DispositionCode, type DispositionCodeInput, type DispositionDirection } from '@shared/schemas/dispositions';
import { http, request } from '@/api/http';
import { download } from '@/audit/download';

export interface DispositionFilter {
  q?: string;
  direction?: DispositionDirection;
  /** Archived codes too. */
  withArchived?: boolean;
}

const query = (f: DispositionFilter, format?: 'csv') =>
  new URLSearchParams({ ...(f.q ? { q: f.q } : {}), ...(f.direction ? { direction: f.direction } : {}), ...(f.withArchived ? { status: 'all' } : {}), ...(format ? { format } : {}) }).toString();
const item = (id: string) => `/api/dispositions/${encodeURIComponent(id)}`;

export const dispositionsApi = {
  /** The active codes an agent may pick on an interaction of this queue. */
  forQueue: (queue: string) => http.get(`/api/dispositions?${new URLSearchParams({ queue })}`, z.array(DispositionCode)),
  /** The active outbound codes a telemarketer may record on this campaign's calls. */
  forCampaign: (campaignId: string) => http.get(`/api/dispositions?${new URLSearchParams({ campaignId })}`, z.array(DispositionCode)),
  list: (f: DispositionFilter = {}) => http.get(`/api/dispositions?${query(f)}`, z.array(DispositionCode)),
  create: (body: DispositionCodeInput) => http.post('/api/dispositions', body, DispositionCode),
  update: (id: string, body: DispositionCodeInput) => http.patch(item(id), body, DispositionCode),
  archive: (id: string) => request('DELETE', item(id), DispositionCode),
  exportCsv: (f: DispositionFilter) => download(`/api/dispositions?${query(f, 'csv')}`, 'dispositions.csv'),
};
