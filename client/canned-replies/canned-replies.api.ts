import { z } from 'zod';
import { CannedReply, type CannedReplyInput } from '@shared/schemas/canned-replies';
import { http, request } from '@/api/http';
import { download } from '@/audit/download';

export interface CannedFilter {
  q?: string;
  /** A team, `-` for the replies for everyone, or nothing for all. */
  team?: string;
}

const query = (f: CannedFilter, format?: 'csv') =>
  new URLSearchParams({ ...(f.q ? { q: f.q } : {}), ...(f.team ? { team: f.team } : {}), ...(format ? { format } : {}) }).toString();

export const cannedRepliesApi = {
  list: (f: CannedFilter = {}) => http.get(`/api/canned-replies?${query(f)}`, z.array(CannedReply)),
  create: (body: CannedReplyInput) => http.post('/api/canned-replies', body, CannedReply),
  update: (id: string, body: CannedReplyInput) => http.patch(`/api/canned-replies/${encodeURIComponent(id)}`, body, CannedReply),
  archive: (id: string) => request('DELETE', `/api/canned-replies/${encodeURIComponent(id)}`, CannedReply),
  exportCsv: (f: CannedFilter) => download(`/api/canned-replies?${query(f, 'csv')}`, 'canned-replies.csv'),
};
