import { z } from 'zod';
import { Offer, type OfferInput, OfferStats } from '@shared/schemas/offers';
import { http, request } from '@/api/http';

export const offersAdminApi = {
  list: () => http.get('/api/offers', z.array(Offer)),
  create: (body: OfferInput) => http.post('/api/offers', body, Offer),
  update: (id: string, body: OfferInput) => request('PUT', `/api/offers/${id}`, Offer, { body }),
  stats: () => http.get('/api/offers/stats', OfferStats),
};
