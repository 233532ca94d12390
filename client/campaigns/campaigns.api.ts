import { z } from 'zod';
import {
  Campaign,
  type CampaignCreate,
  type DispositionRequest,
  DispositionResult,
  NextContact,
  type SegmentFilter,
  SegmentPreview,
} from '@shared/schemas/campaign';
import { http } from '@/api/http';

export const campaignsApi = {
  list: () => http.get('/api/campaigns', z.array(Campaign)),
  get: (id: string) => http.get(`/api/campaigns/${id}`, Campaign),
  preview: (segment: SegmentFilter, onePerHousehold: boolean) => http.post('/api/campaigns/preview', { segment, onePerHousehold }, SegmentPreview),
  create: (input: CampaignCreate) => http.post('/api/campaigns', input, Campaign),
  setStatus: (id: string, status: 'active' | 'paused') => http.patch(`/api/campaigns/${id}`, { status }, Campaign),
  next: (id: string) => http.post(`/api/campaigns/${id}/next`, {}, NextContact),
  dispose: (campaignId: string, entryId: string, body: DispositionRequest) =>
    http.post(`/api/campaigns/${campaignId}/contacts/${entryId}/disposition`, body, DispositionResult),
  exportUrl: (id: string) => `/api/campaigns/${id}/export`,
};
