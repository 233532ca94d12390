import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { CallbackRepository } from '../callbacks/callbacks.repository.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { QueueHoursService } from '../queues/queue-hours.js';
import type { IO } from '../realtime/io.js';
import type { SurveyAnswers } from '../satisfaction/survey-answers.js';
import type { CtiService } from '../telephony/cti.service.js';
import { createAvailability, createStatus } from './availability.js';
import { createWidgetSites } from './sites.service.js';
import { widgetSiteRoutes } from './sites.routes.js';
import { createConversationReader } from './visitor-conversation.js';
import { visitorAuth, visitorRoutes } from './visitor-http.js';
import { attachVisitorNamespace } from './visitor-namespace.js';
import { createRatingsRepository } from './ratings.repository.js';
import type { WidgetOrigins } from '../attachments/widget-origins.js';
import { normaliseOrigin } from './origins.js';
import { relayToVisitors } from './visitor-relay.js';
import { createLeftChats } from './left-chats.js';
import { pushAvailability } from './availability-push.js';
import type { WidgetConfig } from './widget-limits.js';

/**
 * The website chat widget's server side, built once by createApp: the sites admins register, the
 * visitors' namespace (`/visitor`), the relay of agents' replies, typing and read marks to visitors,
 * and the widget's HTTP routes. Nothing here runs before the app listens.
 */
export function createWidget(deps: {
  conn: Connection;
  models: Models;
  io: IO;
  bus: EventBus;
  cti: CtiService;
  interactions: InteractionRepository;
  audit: AuditService;
  config: WidgetConfig;
  logger: Logger;
  /** The app's callback tasks and queue hours (the widget's "leave a message" and its open/closed answer). */
  callbacks: CallbackRepository;
  queueHours: Pick<QueueHoursService, 'isOpen'>;
  surveys: SurveyAnswers;
  /** Chat files (server/attachments): a visitor's `chat:send` may carry one they uploaded to their own chat. */
  attachments: Pick<AttachmentStore, 'belongsTo'>;
  /** The skills a queue's settings need of an agent (queues/queue-settings.service.ts). */
  queueSkills?: (queue: string) => Promise<string[]>;
  /** What a queue offers outside its hours (its settings): a callback request, or only "closed". */
  outsideHoursOf?: (queue: string) => Promise<'callback' | 'closed'>;
}) {
  const { conn, models, io, bus, cti, interactions, audit, config, logger, callbacks, attachments } = deps;
  const sites = createWidgetSites(conn, audit);
  const ratings = createRatingsRepository(models.WidgetRating, deps.surveys, bus);
  const conversations = createConversationReader(models, models.WidgetRating);
  const availabilityOf = createAvailability(models, deps.queueHours, deps.queueSkills);
  const statusOf = createStatus(availabilityOf, deps.outsideHoursOf);
  const availability = pushAvailability({ bus, sites, statusOf, logger });
  const attachmentOf = async (sessionId: string, attachmentId: string) => {
    const session = await models.VisitorSession.findById(sessionId, { interactionId: 1 }).lean();
    return session?.interactionId ? attachments.belongsTo(attachmentId, session.interactionId) : null;
  };
  const nsp = attachVisitorNamespace({ io, models, sites, cti, conversations, availabilityOf, statusOf, callbacks, ratings, audit, interactions, limits: config.limits, logger, attachmentOf, onAvailability: availability.told, onLeft: (sessionId) => leftChats.watch(sessionId) });
  const leftChats = createLeftChats({ models, nsp, cti, idleEndMs: config.idleEndMs, logger });
  availability.watch(nsp);
  const relay = relayToVisitors({ bus, io, nsp, models, conversations, logger });
  const auth = visitorAuth(models, sites, logger);

  /** Which pages may call the widget's other routes (chat files): the registered sites' origins. */
  const origins: WidgetOrigins = {
    async of(siteId) {
      const site = await sites.live(siteId);
      return (site?.origins ?? []).map(normaliseOrigin).filter((o): o is string => !!o);
    },
    any: (origin) => sites.anySiteAllows(origin),
  };

  return {
    sites,
    origins,
    /** Indexes of the widget's own collections. */
    init: () => Promise.all([sites.model.init(), models.WidgetRating.init()]),
    /** Engine-level origin check: a page of a registered site may open a connection (to `/visitor` only). */
    anySiteAllows: (origin: string) => sites.anySiteAllows(origin),
    /** Agent screens' chat:typing and chat:read, relayed to the visitor. */
    attachAgentEvents: relay.attachAgentEvents,
    /** Admins' `/widget-sites` (after login and the role matrix). */
    adminRoutes: () => widgetSiteRoutes(sites),
    /** The widget's own `/widget/*` routes (before login: the visitor's token is their credential). */
    visitorRoutes: () => visitorRoutes({ models, auth, conversations, limits: config.limits, logger }),
    /** For other widget routes (attachments): who a request's `Authorization: Visitor <token>` is. */
    visitorAuth: auth,
    ensureDemoSite: () => sites.ensureDemoSite(config.demoOrigins),
    /** Stops the availability timers (closing the console). */
    /** Chats whose visitor left while no process was watching (a restart) end from here on. */
    startSweeps: () => leftChats.start(),
    /** For tests and operators: one pass of the left-chat sweep now. */
    sweepLeftChats: (now?: Date) => leftChats.sweep(now),
    stop: () => {
      availability.stop();
      leftChats.stop();
    },
  };
}
export type Widget = ReturnType<typeof createWidget>;
