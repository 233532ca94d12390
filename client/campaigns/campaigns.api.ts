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
import { Offer } from '@shared/schemas/offers';
import { http } from '@/api/http';

/** An offer as the campaign form's picker needs it (see `offerChoices`). */
const OfferChoice = z.object({ code: z.string(), title: Offer.shape.title, active: Offer.shape.active });
export type OfferChoice = z.infer<typeof OfferChoice>;

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
  /**
   * The offers a campaign may present. Read with a schema of only what the picker shows: the full
   * `Offer` re-checks the admin form's code format, which some catalogue codes (the seeded
   * "CMP-DISHWASHERS-DISHWASHER-TABLETS") exceed, and one such offer must not empty the picker.
   */
  offerChoices: () => http.get('/api/offers', z.array(OfferChoice)),
};
