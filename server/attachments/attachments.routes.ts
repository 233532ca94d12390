import { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import { currentUser } from '../auth/auth.middleware.js';
import { notFound } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parseId } from '../http/validate.js';
import type { InteractionService } from '../interactions/interactions.service.js';
import { limiter, take, tooManyRequests } from '../security/rate-limit.js';
import type { AttachmentLimits } from './attachment-limits.js';
import type { AttachmentStore } from './attachment-store.js';
import { readBody, refusingUnread } from './read-body.js';
import { sendFile } from './send-file.js';

/** The `?name=` of an upload (one value; anything else: no name, one is made from the type). */
export const nameParam = (v: unknown) => (typeof v === 'string' ? v.slice(0, 1000) : undefined);

/**
 * Agents' side of chat files. Mounted before the API's 100 kB JSON parser (a file is a raw body of up
 * to WIDGET_ATTACHMENT_LIMIT), with `gate` (the API's bearer-token check and the role matrix) in front
 * of each route, so no body is read before the caller is known.
 *
 * - `POST /api/interactions/:id/attachments?name=<file name>`, the file as the raw body: a live chat's
 *   handling agent (or a supervisor/admin) → 201 ChatAttachment; then the reply names it
 *   (`POST /api/interactions/:id/messages { text, attachmentId }`).
 * - `GET /api/attachments/:id`: the file, to the chat's handling agent or a supervisor/admin; to anyone
 *   else 404, as for a file that does not exist (ids cannot be probed).
 */
export function attachmentRoutes(deps: { store: AttachmentStore; interactions: InteractionService; limits: AttachmentLimits; gate: RequestHandler[]; logger: Logger }) {
  const { store, interactions, limits, gate, logger } = deps;
  const perAgent = limiter('attachments-agent', limits.perAgent);
  const r = Router();

  r.post(
    '/interactions/:id/attachments',
    ...gate,
    handle(
      refusingUnread(async (req, res) => {
        const user = currentUser(req);
        const chat = await interactions.liveChat(parseId(req.params.id, 'interaction id'), user);
        const wait = await take(perAgent, user.userId);
        if (wait) {
          logger.warn({ userId: user.userId, retryAfter: wait }, 'attachment upload rejected: rate limited');
          res.setHeader('Retry-After', String(wait));
          throw tooManyRequests('too many file uploads', wait);
        }
        const data = await readBody(req, store.maxBytes);
        return store.save({ interactionId: chat._id, name: nameParam(req.query.name), contentType: req.headers['content-type'], data, by: 'agent', uploader: user.userId });
      }),
      201,
    ),
  );

  r.get(
    '/attachments/:id',
    ...gate,
    handle(async (req, res) => {
      const file = await store.find(String(req.params.id));
      if (!file || !(await interactions.mayRead(file.interactionId, currentUser(req)))) throw notFound('attachment');
      await sendFile(res, store, file);
    }),
  );

  return r;
}
