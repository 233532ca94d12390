import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service.js';
import { createCallbackRepository } from '../callbacks/callbacks.repository.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { IO } from '../realtime/io.js';
import type { CtiService } from '../telephony/cti.service.js';
import { createAvailability } from './availability.js';
import { createWidgetSites } from './sites.service.js';
import { widgetSiteRoutes } from './sites.routes.js';
import { createConversationReader } from './visitor-conversation.js';
import { visitorAuth, visitorRoutes } from './visitor-http.js';
import { attachVisitorNamespace, type VisitorAttachmentLookup } from './visitor-namespace.js';
import { relayToVisitors } from './visitor-relay.js';
import { pushAvailability } from './availability-push.js';
import type { WidgetConfig } from './widget-limits.js';
import { widgetRatingModel } from './widget-rating.model.js';

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
  /** The visitor's own uploaded file (server/attachments), for `chat:send` with an `attachmentId`. */
  attachmentOf?: VisitorAttachmentLookup;
  /** The skills a queue's settings need of an agent (queues/queue-settings.service.ts). */
  queueSkills?: (queue: string) => Promise<string[]>;
}) {
  const { conn, models, io, bus, cti, interactions, audit, config, logger } = deps;
  const sites = createWidgetSites(conn, audit);
  const ratings = widgetRatingModel(conn);
  const conversations = createConversationReader(models, ratings);
  const availabilityOf = createAvailability(models, deps.queueSkills);
  const callbacks = createCallbackRepository(models, bus);
  const availability = pushAvailability({ bus, sites, availabilityOf, logger });
  const nsp = attachVisitorNamespace({ io, models, sites, cti, conversations, availabilityOf, callbacks, ratings, audit, interactions, limits: config.limits, idleEndMs: config.idleEndMs, logger, attachmentOf: deps.attachmentOf, onAvailability: availability.told });
  availability.watch(nsp);
  const relay = relayToVisitors({ bus, io, nsp, models, conversations, logger });
  const auth = visitorAuth(models, sites, logger);

  return {
    sites,
    ratings,
    /** Indexes of the widget's own collections. */
    init: () => Promise.all([sites.model.init(), ratings.init()]),
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
    stop: () => availability.stop(),
  };
}
export type Widget = ReturnType<typeof createWidget>;
