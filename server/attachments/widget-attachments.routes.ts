import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { badRequest, forbidden, notFound, refused, unauthorized } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { limiter, take, tooManyRequests } from '../security/rate-limit.js';
import { hashVisitorToken, type VisitorSessionDoc, visitorSessionModel } from '../widget/visitor-session.model.js';
import type { AttachmentLimits } from './attachment-limits.js';
import type { AttachmentStore } from './attachment-store.js';
import { nameParam } from './attachments.routes.js';
import { readBody, refusingUnread } from './read-body.js';
import { sendFile } from './send-file.js';
import { normaliseOrigin } from '../widget/origins.js';
import type { WidgetOrigins } from './widget-origins.js';

const TOKEN = /^Visitor ([A-Za-z0-9._~+/=-]{16,200})$/;

/**
 * The website visitor's side of chat files (shared/schemas/widget.ts), authenticated by the visitor's
 * token (`Authorization: Visitor <token>`), not by a console login; mounted before the API's JSON
 * parser and its login check. A visitor reaches only files of their own conversation (their session's
 * interaction): any other id is 404, whether or not it exists.
 *
 * - `POST /api/widget/attachments?name=<file name>`, raw body → 201 ChatAttachment (then `chat:send`
 *   with its `attachmentId`).
 * - `GET /api/widget/attachments/:id` → the file.
 *
 * CORS: only for the origins of the visitor's site (`origins.of`); a preflight, which carries no token,
 * for an origin some site allows (`origins.any`). The console's own origin needs none.
 */
export function widgetAttachmentRoutes(deps: { conn: Connection; models: Models; store: AttachmentStore; origins: WidgetOrigins; limits: AttachmentLimits; logger: Logger }) {
  const { conn, models, store, origins, limits, logger } = deps;
  const VisitorSession = visitorSessionModel(conn);
  const perVisitor = limiter('attachments-visitor', limits.perVisitor);
  const perIp = limiter('attachments-ip', limits.perIp);
  const r = Router();

  /** The request's Origin when it is another site's (a page on the console's own host needs no CORS). */
  function foreignOrigin(req: Request): string | undefined {
    const origin = req.headers.origin;
    if (!origin) return undefined;
    const o = normaliseOrigin(origin);
    return o && new URL(o).host === req.headers.host ? undefined : (o ?? origin);
  }

  // CORS first, so the widget can read even a refusal (401, 413, 415) and word it for the visitor.
  r.use('/widget/attachments', (req: Request, res: Response, next: NextFunction) => {
    const origin = foreignOrigin(req);
    if (!origin) return req.method === 'OPTIONS' ? void res.sendStatus(204) : next();
    origins
      .any(origin)
      .then((known) => {
        res.vary('Origin');
        if (known) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, Retry-After');
        }
        if (req.method !== 'OPTIONS') return next();
        if (!known) return void res.sendStatus(403);
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.sendStatus(204);
      })
      .catch(next);
  });

  /** The visitor of a request, from their token; and their page's origin must be their site's. */
  async function visitorOf(req: Request): Promise<VisitorSessionDoc> {
    const token = TOKEN.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw unauthorized('a visitor token is required (Authorization: Visitor <token>)', 'VISITOR_TOKEN_REQUIRED');
    const session = await VisitorSession.findOne({ tokenHash: hashVisitorToken(token) }).lean<VisitorSessionDoc>();
    if (!session) throw unauthorized('this visitor token is not known', 'UNKNOWN_VISITOR');
    const origin = foreignOrigin(req);
    if (origin && !(await origins.of(String(session.siteId))).includes(origin)) {
      logger.warn({ origin, siteId: String(session.siteId) }, 'widget attachment refused: origin not allowed for the site');
      throw forbidden('this page may not use this visitor token', 'ORIGIN_NOT_ALLOWED');
    }
    return session;
  }

  async function limit(res: Response, l: ReturnType<typeof limiter>, key: string, what: string) {
    const wait = await take(l, key);
    if (!wait) return;
    logger.warn({ key, limit: what, retryAfter: wait }, 'widget attachment upload rejected: rate limited');
    res.setHeader('Retry-After', String(wait));
    throw tooManyRequests(`too many file uploads ${what}`, wait);
  }

  r.post(
    '/widget/attachments',
    handle(
      refusingUnread(async (req, res) => {
        const session = await visitorOf(req);
        if (!session.interactionId) throw refused('NO_CONVERSATION', 'start a chat before sending a file');
        const chat = await models.Interaction.findById(session.interactionId, { state: 1 }).lean<{ state: string }>();
        if (!chat) throw refused('NO_CONVERSATION', 'start a chat before sending a file');
        if (chat.state === 'ended') throw badRequest('this chat has ended', undefined, 'CHAT_ENDED');
        await limit(res, perVisitor, String(session._id), 'from this visitor');
        await limit(res, perIp, req.ip ?? 'unknown', 'from this address');
        const data = await readBody(req, store.maxBytes);
        return store.save({
          interactionId: session.interactionId,
          name: nameParam(req.query.name),
          contentType: req.headers['content-type'],
          data,
          by: 'visitor',
          uploader: String(session._id),
        });
      }),
      201,
    ),
  );

  r.get(
    '/widget/attachments/:id',
    handle(async (req, res) => {
      const session = await visitorOf(req);
      const file = await store.find(String(req.params.id));
      if (!file || !session.interactionId || file.interactionId !== String(session.interactionId)) throw notFound('attachment');
      await sendFile(res, store, file);
    }),
  );

  return r;
}
