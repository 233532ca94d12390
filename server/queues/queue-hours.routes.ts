import { Router } from 'express';
import { QueueName } from '../../shared/schemas/callbacks.js';
import { QueueHours } from '../../shared/schemas/queue-hours.js';
import type { AuditService } from '../audit/audit.service.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { QueueHoursService } from './queue-hours.js';

/**
 * A queue's business hours: read, replace, remove (always open). Supervisors and admins; every
 * change audited with before and after. `null`: no hours, the queue is always open.
 */
export function queueHoursRoutes(hours: QueueHoursService, audit: AuditService) {
  const r = Router();
  const queueOf = (value: unknown) => parse(QueueName, value, 'queue');
  const entity = (queue: string) => ({ type: 'setting' as const, id: `queue-hours.${queue}` });

  r.get(
    '/queues',
    handle(() => hours.known()),
  );
  r.get(
    '/queues/:queue/hours',
    handle(async (req) => ({ queue: queueOf(req.params.queue), hours: await hours.of(queueOf(req.params.queue)) })),
  );
  r.put(
    '/queues/:queue/hours',
    handle(async (req) => {
      const queue = queueOf(req.params.queue);
      const input = parse(QueueHours, req.body, 'hours');
      const user = currentUser(req);
      const before = await hours.set(queue, input, user.username);
      await audit.record({ actor: user, action: 'queue-hours.changed', entity: entity(queue), before, after: input });
      return { queue, hours: input };
    }),
  );
  r.delete(
    '/queues/:queue/hours',
    handle(async (req) => {
      const queue = queueOf(req.params.queue);
      const user = currentUser(req);
      const before = await hours.clear(queue);
      await audit.record({ actor: user, action: 'queue-hours.removed', entity: entity(queue), before, after: null });
      return { queue, hours: null };
    }),
  );
  return r;
}
