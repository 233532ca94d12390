import { Router } from 'express';
import { inGroup } from '../../shared/access/roles.js';
import { DISPOSITION_CSV, DispositionCodeInput, DispositionQuery } from '../../shared/schemas/dispositions.js';
import { currentUser } from '../auth/auth.middleware.js';
import { csvLine } from '../http/csv.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { DispositionRepository } from './dispositions.repository.js';

/**
 * Disposition codes: everyone reads the codes they may pick at a queue or campaign; supervisors and
 * admins read and export the whole list; admins create, change and archive codes (audited by the
 * repository).
 */
export function dispositionRoutes(codes: DispositionRepository) {
  const r = Router();

  r.get(
    '/dispositions',
    handle(async (req, res) => {
      const query = parse(DispositionQuery, req.query, 'filters');
      const place = query.queue || query.campaignId;
      // Agents and telemarketers see what they may pick, never the archive.
      const backOffice = inGroup(currentUser(req).role, 'BACK_OFFICE');
      const list = place
        ? await codes.usable({ direction: query.direction ?? (query.campaignId ? 'outbound' : 'inbound'), queue: query.queue, campaignId: query.campaignId })
        : await codes.list({ q: query.q, direction: query.direction, status: backOffice ? query.status : 'active' });
      if (query.format === 'json') return list;
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="dispositions.csv"');
      res.send(csvLine(DISPOSITION_CSV) + list.map((c) => csvLine(DISPOSITION_CSV.map((k) => c[k]))).join(''));
    }),
  );

  r.post('/dispositions', handle((req) => codes.create(parse(DispositionCodeInput, req.body, 'disposition code'), currentUser(req)), 201));

  r.patch(
    '/dispositions/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'disposition id');
      const { code, label, labels, scope, direction, endsContact, action, active } = await codes.byId(id);
      // A change names only what changes: the rest is the code as it stands, checked whole.
      const body: unknown = req.body && typeof req.body === 'object' ? { code, label, labels, scope, direction, endsContact, action, active, ...req.body } : req.body;
      return codes.update(id, parse(DispositionCodeInput, body, 'disposition code'), currentUser(req));
    }),
  );

  r.delete('/dispositions/:id', handle((req) => codes.archive(parseId(req.params.id, 'disposition id'), currentUser(req))));
  return r;
}
