import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { notFound, unauthorized } from '../http/errors.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import { limitPerIp } from '../security/rate-limit.js';
import { normaliseOrigin } from './origins.js';
import type { WidgetSites } from './sites.service.js';
import type { ConversationReader } from './visitor-conversation.js';
import { hashVisitorToken, type VisitorSessionDoc } from './visitor-session.model.js';
import type { WidgetLimits } from './widget-limits.js';
import type { WidgetSiteDoc } from './widget-site.model.js';

/** What a widget request's `Authorization: Visitor <token>` opens. */
export interface VisitorRequest {
  session: VisitorSessionDoc;
  site: WidgetSiteDoc;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Expose-Headers': 'Content-Disposition',
  'Access-Control-Max-Age': '600',
};

/**
 * The widget's HTTP side (under /api/widget, before the console's login): CORS for sites' origins only,
 * and the visitor's token as its credential. A preflight carries no token, so it is answered for any
 * live site's origin; the request itself is answered to its own site's origins only.
 */
export function visitorAuth(models: Models, sites: WidgetSites, logger: Logger) {
  return {
    /** CORS preflights and headers (`Vary: Origin`: answers differ by origin). */
    cors(req: Request, res: Response, next: NextFunction) {
      res.vary('Origin');
      const origin = req.headers.origin;
      if (req.method !== 'OPTIONS' || !origin) return next();
      sites.anySiteAllows(origin).then((ok) => {
        if (ok) res.set({ 'Access-Control-Allow-Origin': origin, ...CORS_HEADERS });
        res.status(204).end();
      }, next);
    },

    /** The visitor of a request, or 401; a page of another origin than the visitor's site gets no answer it may read. */
    async visitorOf(req: Request, res: Response): Promise<VisitorRequest> {
      const m = /^Visitor\s+([\w-]{16,128})$/.exec(req.headers.authorization ?? '');
      const session = m ? await models.VisitorSession.findOne({ tokenHash: hashVisitorToken(m[1]) }).lean<VisitorSessionDoc>() : null;
      const site = session ? await sites.live(String(session.siteId)) : null;
      if (!session || !site) throw unauthorized('a visitor token is required', 'UNAUTHORIZED');
      const origin = req.headers.origin;
      if (origin) {
        const o = normaliseOrigin(origin);
        if (!o || !site.origins.includes(o)) {
          logger.warn({ origin, siteId: String(site._id) }, 'widget request refused: origin not allowed for its site');
          throw unauthorized('origin not allowed', 'ORIGIN_NOT_ALLOWED');
        }
        res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Content-Disposition' });
      }
      return { session, site };
    },
  };
}
export type VisitorAuth = ReturnType<typeof visitorAuth>;

const two = (n: number) => String(n).padStart(2, '0');
/** `2026-12-02 10:15` in UTC (the transcript says so in its heading). */
const stamp = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
};

/** `GET /api/widget/transcript`: the visitor's current (or last) chat as text, as a download. */
export function visitorRoutes(deps: { models: Models; auth: VisitorAuth; conversations: ConversationReader; limits: WidgetLimits; logger: Logger }) {
  const { models, auth, conversations, limits, logger } = deps;
  const r = Router();
  r.use('/widget', limitPerIp('widget-http', 'widget requests from this address', limits.httpPerIp, logger), auth.cors);
  r.get('/widget/transcript', (req, res, next) => {
    void (async () => {
      const { session, site } = await auth.visitorOf(req, res);
      if (!session.interactionId) throw notFound('interaction', 'there is no chat yet');
      const i = await models.Interaction.findById(session.interactionId, { createdAt: 1 }).lean<InteractionDoc>();
      if (!i) throw notFound('interaction');
      const messages = await conversations.messagesOf(session.interactionId);
      const you = session.name || 'You';
      const lines = [
        `Chat with ${site.name}, ${stamp(i.createdAt.toISOString())} (times in UTC)`,
        '',
        ...messages.map((m) => {
          const who = m.from === 'visitor' ? you : m.from === 'agent' ? (m.agentName ?? 'Agent') : site.name;
          const file = m.attachment ? ` [file: ${m.attachment.name}]` : '';
          return `[${stamp(m.at)}] ${who}: ${m.text}${file}`;
        }),
        '',
      ];
      res.set({
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="chat-${stamp(i.createdAt.toISOString()).slice(0, 10)}.txt"`,
        'Cache-Control': 'no-store',
      });
      res.send(lines.join('\n'));
    })().catch(next);
  });
  return r;
}
