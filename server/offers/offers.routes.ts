import { Router } from 'express';
import { OfferInput } from '../../shared/schemas/offers.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { OfferService } from './offers.service.js';

/** Offers admin (admins) and acceptance statistics (supervisors and admins). */
export function offerRoutes(offers: OfferService) {
  const r = Router();
  r.get('/offers/stats', handle(() => offers.stats()));
  r.get('/offers', handle(() => offers.list()));
  r.post('/offers', handle((req) => offers.create(parse(OfferInput, req.body, 'offer')), 201));
  r.put('/offers/:id', handle((req) => offers.update(parseId(req.params.id, 'offer id'), parse(OfferInput, req.body, 'offer'))));
  return r;
}
