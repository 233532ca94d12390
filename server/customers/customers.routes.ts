import { Router } from 'express';
import { CustomerCreate, CustomerSearchQuery, LinkCaller, PreferencesUpdate } from '../../shared/schemas/customer.js';
import { pictureFor } from '../access/picture-filter.js';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import { conflict } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import { idempotentId } from '../security/idempotency.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import type { CustomerService } from './customers.service.js';
import { type PictureService, toSummary } from './picture.service.js';

/** Takes a customer off every call list when they refuse phone marketing (the campaigns feature). */
export type WithdrawFromLists = (customerId: string, reason: 'do-not-call' | 'opted-out' | 'erased') => Promise<unknown>;

export function customerRoutes(customers: CustomerService, pictures: PictureService, interactions: InteractionService, audit: AuditService, withdraw: WithdrawFromLists) {
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
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const user = currentUser(req);
      const picture = await pictures.build(id);
      audit.note({ actor: user, action: 'picture.opened', entity: { type: 'customer', id }, customerId: id });
      return pictureFor(user.role, picture);
    }),
  );

  r.post(
    '/customers',
    handle(async (req) => {
      const input = parse(CustomerCreate, req.body, 'customer');
      const user = currentUser(req);
      const created = await interactions.during(input.interactionId, user, () => customers.create(input, user.username, idempotentId(req, 'customer')));
      if (input.interactionId) await interactions.attachCustomer(input.interactionId, String(created._id), user, 'customer created');
      const id = String(created._id);
      // No names in the trail: an erased customer must not live on in the append-only log.
      await audit.record({ actor: user, action: 'customer.created', entity: { type: 'customer', id }, customerId: id, after: { kind: created.kind }, detail: { interactionId: input.interactionId } }, idempotentId(req, 'audit'));
      return { customer: toSummary(created), picture: pictureFor(user.role, await pictures.build(id)) };
    }, 201),
  );

  r.post(
    '/customers/:id/link-caller',
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const { interactionId } = parse(LinkCaller, req.body, 'link caller');
      const user = currentUser(req);
      // The number comes from the interaction, not the client: only the caller's own number is added.
      const caller = await interactions.callerOf(interactionId, user);
      if (caller.customerId && caller.customerId !== id) throw conflict('this interaction is already linked to another customer', undefined, 'CALLER_LINKED_ELSEWHERE');
      const { customer, added } = await customers.addCallerContact(id, caller.from);
      await interactions.attachCustomer(interactionId, id, user, 'caller linked');
      await audit.record({ actor: user, action: 'customer.caller-linked', entity: { type: 'customer', id }, customerId: id, detail: { interactionId, added } });
      return { customer: toSummary(customer), picture: pictureFor(user.role, await pictures.build(id)) };
    }),
  );

  r.patch(
    '/customers/:id/preferences',
    handle(async (req) => {
      const id = parseId(req.params.id, 'customer id');
      const input = parse(PreferencesUpdate, req.body, 'preferences');
      const user = currentUser(req);
      const change = await interactions.during(
        input.interactionId,
        user,
        () => customers.updatePreferences(id, input, user.username),
        (change) => ({ what: 'preferences', detail: { customerId: id, ...change } }),
      );
      await audit.record({
        actor: user,
        action: input.consents || input.doNotCall !== undefined ? 'consent.changed' : 'preferences.changed',
        entity: { type: 'customer', id },
        customerId: id,
        before: change.before,
        after: change.after,
        detail: { interactionId: input.interactionId },
      });
      if (input.doNotCall === true) await withdraw(id, 'do-not-call');
      else if (input.consents?.some((c) => c.purpose === 'marketing' && c.channel === 'phone' && !c.granted)) await withdraw(id, 'opted-out');
      return pictureFor(user.role, await pictures.build(id));
    }),
  );

  return r;
}
