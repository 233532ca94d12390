import { Router } from 'express';
import { CustomerCreate, CustomerSearchQuery, PreferencesUpdate } from '../../shared/schemas/customer.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import type { CustomerService } from './customers.service.js';
import { type PictureService, toSummary } from './picture.service.js';

export function customerRoutes(customers: CustomerService, pictures: PictureService, interactions: InteractionService) {
  const r = Router();

  r.get(
    '/customers',
    handle((req) => {
      const { q, limit } = parse(CustomerSearchQuery, req.query, 'search');
      return customers.search(q, limit);
    }),
  );

  r.get(
    '/customers/:id/picture',
    handle((req) => pictures.build(parseId(req.params.id, 'customer id'))),
  );

  r.post(
    '/customers',
    handle(async (req) => {
      const input = parse(CustomerCreate, req.body, 'customer');
      const user = currentUser(req);
      const created = await interactions.during(input.interactionId, user, () => customers.create(input, user.username));
      if (input.interactionId) await interactions.attachCustomer(input.interactionId, String(created._id), user, 'customer created');
      return { customer: toSummary(created), picture: await pictures.build(String(created._id)) };
    }, 201),
  );

  r.patch(
    '/customers/:id/preferences',
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const input = parse(PreferencesUpdate, req.body, 'preferences');
      const user = currentUser(req);
      await interactions.during(
        input.interactionId,
        user,
        () => customers.updatePreferences(id, input, user.username),
        (change) => ({ what: 'preferences', detail: { customerId: id, ...change } }),
      );
      return pictures.build(id);
    }),
  );

  return r;
}
