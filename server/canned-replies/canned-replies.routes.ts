import { Router } from 'express';
import { CannedReplyInput, CannedReplyQuery } from '../../shared/schemas/canned-replies.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { Models } from '../db/models.js';
import { csvLine } from '../http/csv.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { CannedReplyRepository } from './canned-replies.repository.js';

const CSV_COLUMNS = ['shortcut', 'title', 'text', 'team', 'updatedAt', 'updatedBy'] as const;

/**
 * Canned replies: agents read the ones they may use (everyone's and their own team's); supervisors
 * and admins write them. Writes are audited by the repository.
 */
export function cannedReplyRoutes(models: Models, replies: CannedReplyRepository) {
  const r = Router();

  r.get(
    '/canned-replies',
    handle(async (req, res) => {
      const query = parse(CannedReplyQuery, req.query, 'filters');
      const user = currentUser(req);
      // Teams are not in the token (an admin may move someone): read the viewer's team now.
      const viewer = await models.User.findById(user.userId, { team: 1 }).lean();
      const list = await replies.list({ role: user.role, team: viewer?.team ?? null }, query);
      if (query.format === 'json') return list;
      // Formula-escaped by csvLine: a reply starting with `=` is text in a spreadsheet, never a formula.
      res.type('text/csv').setHeader('content-disposition', 'attachment; filename="canned-replies.csv"');
      res.send(csvLine(CSV_COLUMNS) + list.map((c) => csvLine([c.shortcut, c.title, c.text, c.team, c.updatedAt, c.updatedBy])).join(''));
    }),
  );

  r.post('/canned-replies', handle((req) => replies.create(parse(CannedReplyInput, req.body, 'canned reply'), currentUser(req)), 201));

  r.patch(
    '/canned-replies/:id',
    handle(async (req) => {
      const id = parseId(req.params.id, 'canned reply id');
      const { title, shortcut, text, team } = await replies.current(id);
      // A change names only what changes: the rest is the reply as it stands, checked whole.
      const body: unknown = req.body && typeof req.body === 'object' ? { title, shortcut, text, team, ...req.body } : req.body;
      return replies.update(id, parse(CannedReplyInput, body, 'canned reply'), currentUser(req));
    }),
  );

  r.delete('/canned-replies/:id', handle((req) => replies.archive(parseId(req.params.id, 'canned reply id'), currentUser(req))));
  return r;
}
