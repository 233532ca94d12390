import { Router } from 'express';
import { QueueName } from '../../shared/schemas/callbacks.js';
import { QUEUE_SETTINGS_CSV, QueueSettingsInput, QueueSettingsQuery } from '../../shared/schemas/queue-settings.js';
import { currentUser } from '../auth/auth.middleware.js';
import { csvLine } from '../http/csv.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { QueueSettingsService } from './queue-settings.service.js';

/**
 * Queues' settings: supervisors and admins read and export them, admins change them (the role
 * matrix says who); every change is audited by the service and applies to the next call.
 */
export function queueSettingsRoutes(settings: QueueSettingsService) {
  const r = Router();
  const queueOf = (value: unknown) => parse(QueueName, value, 'queue');

  r.get(
    '/queue-settings',
    handle(async (req, res) => {
      const query = parse(QueueSettingsQuery, req.query, 'filters');
      const list = await settings.list(query.q);
      if (query.format === 'json') return list;
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="queue-settings.csv"');
      res.send(csvLine(QUEUE_SETTINGS_CSV) + list.map((s) => csvLine(QUEUE_SETTINGS_CSV.map((c) => (c === 'skills' || c === 'numbers' ? s[c].join(' ') : s[c])))).join(''));
    }),
  );
  r.get(
    '/queue-settings/:queue',
    handle((req) => settings.of(queueOf(req.params.queue))),
  );
  r.put(
    '/queue-settings/:queue',
    handle((req) => settings.set(queueOf(req.params.queue), parse(QueueSettingsInput, req.body, 'queue settings'), currentUser(req))),
  );
  r.delete(
    '/queue-settings/:queue',
    handle((req) => settings.reset(queueOf(req.params.queue), currentUser(req))),
  );
  return r;
}
