import { Router } from 'express';
import { Types } from 'mongoose';
import { ConfirmContact } from '../../shared/schemas/imports.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { PictureService } from '../customers/picture.service.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from '../interactions/interactions.service.js';

/** The agent confirms a customer's contact details with them: the pop stops asking for a while. */
export function freshnessRoutes(models: Models, pictures: PictureService, interactions: InteractionService) {
  const r = Router();

  r.post(
    '/customers/:id/confirm-contact',
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const { interactionId } = parse(ConfirmContact, req.body ?? {}, 'confirmation');
      const user = currentUser(req);
      await interactions.during(
        interactionId,
        user,
        async () => {
          const at = new Date();
          const res = await models.Customer.updateOne({ _id: new Types.ObjectId(id) }, { $set: { contactConfirmedAt: at }, $inc: { version: 1 } });
          if (res.matchedCount === 0) throw notFound('customer');
          return at;
        },
        (at) => ({ what: 'contact-confirmed', detail: { customerId: id, contactConfirmedAt: at, by: user.username } }),
      );
      return pictures.build(id);
    }),
  );

  return r;
}
