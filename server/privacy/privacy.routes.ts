import { Router } from 'express';
import { EraseRequest, OptOutRequest } from '../../shared/schemas/privacy.js';
import { currentUser } from '../auth/auth.middleware.js';
import { badRequest } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { WithdrawFromLists } from '../customers/customers.routes.js';
import type { PrivacyService } from './privacy.service.js';

/** Access requests and erasure (admins), and opt-out (anyone who talks to the customer). */
export function privacyRoutes(privacy: PrivacyService, withdraw: WithdrawFromLists) {
  const r = Router();
  r.get(
    '/privacy/customers/:id/export',

    handle(async (req, res) => {
      const id = parseId(req.params.id, 'customer id');
      const body = await privacy.export(id, currentUser(req));
      res.setHeader('content-disposition', `attachment; filename="customer-${id}.json"`);
      return body;
    }),
  );
  r.post(
    '/privacy/customers/:id/erase',

    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const { confirm } = parse(EraseRequest, req.body ?? {}, 'erasure');
      if (confirm !== id) throw badRequest('confirm must repeat the customer id', undefined, 'CONFIRM_MISMATCH');
      const result = await privacy.erase(id, currentUser(req));
      await withdraw(id, 'erased');
      return result;
    }),
  );
  r.post(
    '/customers/:id/opt-out',
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const input = parse(OptOutRequest, req.body ?? {}, 'opt-out');
      const result = await privacy.optOut(id, input, currentUser(req));
      if (input.channel === 'all' || input.channel === 'phone') await withdraw(id, 'opted-out');
      return result;
    }),
  );
  return r;
}
