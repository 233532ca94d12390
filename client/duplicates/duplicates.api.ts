import { DuplicateList, type MergeRequest, MergeResult } from '@shared/schemas/duplicates';
import { http } from '@/api/http';

export const duplicatesApi = {
  list: () => http.get('/api/duplicates', DuplicateList),
  merge: (body: MergeRequest) => http.post('/api/duplicates/merge', body, MergeResult),
};
