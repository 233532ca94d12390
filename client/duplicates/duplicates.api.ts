import { z } from 'zod';
import {
  DuplicateList,
  type MergeRequest,
  MergeResult,
  NotDuplicate,
  NotDuplicateList,
  type NotDuplicateRequest,
  RecentMergeList,
  UndoResult,
} from '@shared/schemas/duplicates';
import { http, request } from '@/api/http';

const byId = (id: string) => encodeURIComponent(id);

export const duplicatesApi = {
  list: () => http.get('/api/duplicates', DuplicateList),
  merge: (body: MergeRequest) => http.post('/api/duplicates/merge', body, MergeResult),
  recentMerges: () => http.get('/api/duplicates/merges', RecentMergeList),
  undo: (id: string) => http.post(`/api/duplicates/merges/${byId(id)}/undo`, {}, UndoResult),
  notDuplicates: () => http.get('/api/duplicates/not-duplicates', NotDuplicateList),
  markNotDuplicate: (body: NotDuplicateRequest) => http.post('/api/duplicates/not-duplicates', body, NotDuplicate),
  withdrawNotDuplicate: (id: string) => request('DELETE', `/api/duplicates/not-duplicates/${byId(id)}`, z.object({ id: z.string() })),
};
