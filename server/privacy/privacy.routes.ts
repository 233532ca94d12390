import { Router } from 'express';
import { EraseRequest, OptOutRequest } from '../../shared/schemas/privacy.js';
import { currentUser, requireRole } from '../auth/auth.middleware.js';
import { badRequest } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { PrivacyService } from './privacy.service.js';

/** Access requests and erasure (admins), and opt-out (anyone who talks to the customer). */
export function privacyRoutes(privacy: PrivacyService) {
  const r = Router();
  r.get(
    '/privacy/customers/:id/export',
    requireRole('admin'),
    handle(async (req, res) => {
      const id = parseId(req.params.id, 'customer id');
      const body = await privacy.export(id, currentUser(req));
      res.setHeader('content-disposition', `attachment; filename="customer-${id}.json"`);
      return body;
    }),
  );
  r.post(
    '/privacy/customers/:id/erase',
    requireRole('admin'),
    handle((req) => {
      const id = parseId(req.params.id, 'customer id');
      const { confirm } = parse(EraseRequest, req.body ?? {}, 'erasure');
      if (confirm !== id) throw badRequest('confirm must repeat the customer id');
      return privacy.erase(id, currentUser(req));
    }),
  );
  r.post(
    '/customers/:id/opt-out',
    handle((req) => privacy.optOut(parseId(req.params.id, 'customer id'), parse(OptOutRequest, req.body ?? {}, 'opt-out'), currentUser(req))),
  );
  return r;
}
