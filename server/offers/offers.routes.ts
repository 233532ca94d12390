import { Router } from 'express';
import { OfferInput } from '../../shared/schemas/offers.js';
import { requireRole } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { OfferService } from './offers.service.js';

/** Offers admin (admins) and acceptance statistics (supervisors and admins). */
export function offerRoutes(offers: OfferService) {
  const r = Router();
  r.get('/offers/stats', requireRole('supervisor', 'admin'), handle(() => offers.stats()));
  r.get('/offers', requireRole('supervisor', 'admin'), handle(() => offers.list()));
  r.post('/offers', requireRole('admin'), handle((req) => offers.create(parse(OfferInput, req.body, 'offer')), 201));
  r.put('/offers/:id', requireRole('admin'), handle((req) => offers.update(parseId(req.params.id, 'offer id'), parse(OfferInput, req.body, 'offer'))));
  return r;
}
