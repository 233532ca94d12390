import { Router } from 'express';
import { CALLBACK_COLUMNS, CallbackClose, CallbackCreate, CallbackFilter } from '../../shared/schemas/callbacks.js';
import { currentUser } from '../auth/auth.middleware.js';
import { csvLine } from '../http/csv.js';
import { handle } from '../http/respond.js';
import { idempotentId } from '../security/idempotency.js';
import { parse, parseId } from '../http/validate.js';
import type { CallbackService } from './callbacks.service.js';

/** The callbacks list (JSON or CSV, the same rows and columns) and the writes that work it. */
export function callbackRoutes(callbacks: CallbackService) {
  const r = Router();

  r.get(
    '/callbacks',
    handle(async (req, res) => {
      const { format, ...filter } = parse(CallbackFilter, req.query, 'filters');
      const tasks = await callbacks.list(filter, currentUser(req));
      if (format === 'json') return tasks;
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="callbacks.csv"');
      res.send(csvLine(CALLBACK_COLUMNS) + tasks.map((task) => csvLine(CALLBACK_COLUMNS.map((c) => task[c]))).join(''));
    }),
  );
  r.post(
    '/callbacks',
    handle((req) => callbacks.create(parse(CallbackCreate, req.body, 'callback'), currentUser(req), { task: idempotentId(req, 'callback'), audit: idempotentId(req, 'audit') }), 201),
  );
  r.post(
    '/callbacks/:id/claim',
    handle((req) => callbacks.claim(parseId(req.params.id), currentUser(req))),
  );
  r.post(
    '/callbacks/:id/release',
    handle((req) => callbacks.release(parseId(req.params.id), currentUser(req))),
  );
  r.post(
    '/callbacks/:id/close',
    handle((req) => callbacks.close(parseId(req.params.id), parse(CallbackClose, req.body, 'close'), currentUser(req))),
  );
  return r;
}
