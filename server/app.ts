import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { accessLogRequest, accessLogResponse } from './http/access-log.js';
import { Server } from 'socket.io';
import { analyticsRoutes, signedTransactionRoutes } from './analytics/analytics.routes.js';
import { createAnalyticsService } from './analytics/analytics.service.js';
import { authorize } from './access/authorize.js';
import { createAttachmentStore } from './attachments/attachment-store.js';
import { attachmentRoutes } from './attachments/attachments.routes.js';
import { widgetAttachmentRoutes } from './attachments/widget-attachments.routes.js';
import { userRoutes } from './access/users.routes.js';
import { auditWrites } from './audit/audit.middleware.js';
import { auditRoutes } from './audit/audit.routes.js';
import { createAuditService } from './audit/audit.service.js';
import { requireAuth } from './auth/auth.middleware.js';
import { authRoutes, logoutRoutes } from './auth/auth.routes.js';
import { createAuthService } from './auth/auth.service.js';
import { createTokens } from './auth/tokens.js';
import { callbackRoutes } from './callbacks/callbacks.routes.js';
import { createCallbackRepository } from './callbacks/callbacks.repository.js';
import { createCallbackService } from './callbacks/callbacks.service.js';
import { createChatWebhook } from './chat/chat-webhook.js';
import { campaignRoutes } from './campaigns/campaigns.routes.js';
import { createCampaignService } from './campaigns/campaigns.service.js';
import { complaintRoutes } from './complaints/complaints.routes.js';
import { createComplaintService } from './complaints/complaints.service.js';
import type { Config } from './config.js';
import { customerRoutes } from './customers/customers.routes.js';
import { createCustomerService } from './customers/customers.service.js';
import { createPictureService } from './customers/picture.service.js';
import { createModels, ensureIndexes } from './db/models.js';
import { demoRoutes } from './demo/demo.routes.js';
import { duplicateRoutes } from './duplicates/duplicates.routes.js';
import { createDuplicateService } from './duplicates/duplicates.service.js';
import { freshnessRoutes } from './freshness/freshness.routes.js';
import { clientRoutes, compressResponses } from './http/delivery.js';
import { AppError } from './http/errors.js';
import { errorMiddleware } from './http/error-middleware.js';
import { importRoutes } from './imports/imports.routes.js';
import { createImportService } from './imports/imports.service.js';
import { interactionRoutes } from './interactions/interactions.routes.js';
import { createInteractionService } from './interactions/interactions.service.js';
import { createPopService } from './interactions/pop.service.js';
import { createInteractionRepository } from './interactions/interaction.repository.js';
import { EventBus } from './events.js';
import { createBackground } from './ops/background.js';
import { createJobTracker } from './ops/job-progress.js';
import { pushChangesToScreens } from './realtime/interaction-pushes.js';
import { pushCallbacksToScreens } from './realtime/callback-pushes.js';
import { createQueueHours } from './queues/queue-hours.js';
import { createSurveyAnswers } from './satisfaction/survey-answers.js';
import { reportExportRoutes } from './reports/export.routes.js';
import { createInteractionExport } from './reports/interaction-export.service.js';
import { createTimelineService } from './reports/timeline.service.js';
import { queueHoursRoutes } from './queues/queue-hours.routes.js';
import { createTeamRepository } from './teams/teams.repository.js';
import { createTeamMembers } from './teams/team-members.js';
import { teamRoutes } from './teams/teams.routes.js';
import { createQueueSettings } from './queues/queue-settings.service.js';
import { queueSettingsRoutes } from './queues/queue-settings.routes.js';
import { createDispositionRepository } from './dispositions/dispositions.repository.js';
import { dispositionRoutes } from './dispositions/dispositions.routes.js';
import { createCatalogueCache } from './offers/catalogue-cache.js';
import { cannedReplyRoutes } from './canned-replies/canned-replies.routes.js';
import { createCannedReplyRepository } from './canned-replies/canned-replies.repository.js';
import { createPresence } from './presence/presence.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { ReportKind } from '../shared/schemas/reports.js';
import { DEFAULT_SERVICE_LEVEL_SEC, DEFAULT_SERVICE_LEVEL_TARGET } from '../shared/schemas/queue-settings.js';
import { createReportService } from './reports/reports.service.js';
import { createRollupRepository } from './reports/rollups.repository.js';
import { createPrivacyService } from './privacy/privacy.service.js';
import { offerRoutes } from './offers/offers.routes.js';
import { createOfferService } from './offers/offers.service.js';
import type { IO } from './realtime/io.js';
import { attachRealtime } from './realtime/socket.js';
import { createRoutingService } from './routing/routing.service.js';
import { createNotReadyReasons } from './routing/not-ready-reasons.js';
import { agentStateRoutes } from './routing/agent-states.routes.js';
import { createActiveUsers } from './security/active-users.js';
import { requireDatabase } from './security/db-health.js';
import { rejectForbiddenKeys } from './security/forbidden-keys.js';
import { idempotency } from './security/idempotency.js';
import { consoleOriginOnly, originCheck } from './security/origin.js';
import { limitConnections } from './security/connection-limits.js';
import { limitLogin, limitPerIp } from './security/rate-limit.js';
import { heavyWork } from './security/heavy-work.js';
import { createSocketLimiter } from './security/socket-limits.js';
import { createBackOffice } from './ops/back-office-thread.js';
import { createDbStatus } from './ops/db-status.js';
import { watchPoolWaits } from './ops/db-pool-waits.js';
import { newProcessId, startProcessLease } from './routing/process-lease.js';
import { createMetrics, metricsRoutes } from './ops/metrics.js';
import { relayChanges, useRedisAdapter } from './scale/redis-adapter.js';
import { createSupervisionService, type SupervisionOptions } from './supervision/supervision.service.js';
import { ctiRoutes } from './telephony/cti.routes.js';
import { widgetScriptRoutes } from './widget/script.routes.js';
import { createCtiService } from './telephony/cti.service.js';
import { createCtiCommands } from './telephony/cti-commands.js';
import { createSipBridge } from './telephony/sip/sip-bridge.js';
import { createSipOutbound } from './telephony/sip/sip-outbound.js';
import { sipCredentialRoutes } from './telephony/sip/sip-credentials.routes.js';
import { createTransferService } from './interactions/transfer.service.js';
import { createWidget } from './widget/widget.js';
import { widgetErasure } from './widget/visitor-erasure.js';

export interface AppDeps {
  config: Config;
  conn: Connection;
  logger: Logger;
  /** Directory of the built client to serve; omitted in API-only tests. */
  clientDir?: string;
  /** Batching and buffer limits of the supervisors' feed (tests tighten them). */
  supervision?: SupervisionOptions;
  /** The clock of time-driven work (campaign callbacks and retries); tests move it. */
  now?: () => Date;
}

/** Builds the whole console (HTTP API, Socket.IO, services) around one database connection. */
export async function createApp({ config, conn, logger, clientDir, supervision: supervisionOptions, now }: AppDeps) {
  // Filter keys that are not in a schema are dropped, never passed to the database (docs/security.md).
  conn.base.set('strictQuery', true);
  const models = createModels(conn);
  await ensureIndexes(models);

  const app = express();
  // Node checks header and request timeouts at this interval (30 s by default): a slow client is cut within a second of its deadline.
  const server = http.createServer({ connectionsCheckingInterval: 1000 }, app);
  limitConnections(server, config.connections, logger);
  const io: IO = new Server(server, {
    serveClient: false,
    // Our largest client event is a few kB (a presence or state change); 1 MB events only cost parsing.
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // Pages of sites embedding the chat widget get through to the `/visitor` namespace only.
    allowRequest: originCheck(config.allowedOrigins, logger, (origin) => widget.anySiteAllows(origin)),
  });
  // Registered before the realtime handlers, so every event passes the rate limits first.
  io.on('connection', createSocketLimiter(config.limits, logger));
  io.use(consoleOriginOnly(config.allowedOrigins, logger));

  const tokens = createTokens(config.jwtSecret, config.tokenTtl);
  const audit = createAuditService(conn, logger);
  await audit.model.init();
  const catalogue = createCatalogueCache(models, config.caches.catalogueMs);
  const pictures = createPictureService(models, catalogue, { contactStaleDays: config.contactStaleDays });
  const customers = createCustomerService(models);
  const analytics = createAnalyticsService(models, logger);
  const offers = createOfferService(models, catalogue);
  const bus = new EventBus();
  const background = createBackground(logger);
  const interactionRepo = createInteractionRepository(models, bus);
  const metrics = createMetrics(io);
  const redis = config.redisUrl ? await useRedisAdapter(io, config.redisUrl, config.redisStream, logger) : undefined;
  if (redis) relayChanges(io, bus);
  pushChangesToScreens(bus, io);
  pushCallbacksToScreens(bus, io);
  const callbackRepo = createCallbackRepository(models, bus);
  const callbacks = createCallbackService(models, callbackRepo, audit);
  const queueHours = createQueueHours(models);
  const dispositions = createDispositionRepository(models, bus, audit);
  // A queue nobody configured: the floor's service-level threshold, the configured after-call work limits.
  const queueSettings = createQueueSettings({ models, bus, audit, known: () => queueHours.known(), defaults: {
      afterCallWork: config.afterCallWork,
      serviceLevelSec: supervisionOptions?.thresholdSec ?? DEFAULT_SERVICE_LEVEL_SEC,
      serviceLevelTarget: DEFAULT_SERVICE_LEVEL_TARGET,
    },
  });
  const supervision = createSupervisionService({ models, io, logger, bus, options: supervisionOptions, serviceLevelOf: queueSettings.serviceLevelOf, timeZone: config.reportsTimeZone });
  await Promise.all([queueSettings.warm(), supervision.warm()]);
  const processId = newProcessId();
  const recompute = config.recomputeEveryMinutes > 0 ? analytics.schedule(config.recomputeEveryMinutes * 60_000, processId) : undefined;
  const notReadyReasons = createNotReadyReasons(models, audit);
  const routing = createRoutingService({ models, interactions: interactionRepo, bus, background, logger, processId, afterCallWork: config.afterCallWork, isReason: notReadyReasons.isActive, queueRouting: queueSettings.routingOf });
  const lease = await startProcessLease(models, routing, logger, processId, config.processLeaseMs);
  // A SIP call ringing at the agent's phone is not taken back for a pop the screen did not acknowledge (sip-bridge.ts `ringsAt`).
  const onUnansweredPop = (interactionId: string, agentUserId: string) => (sip?.ringsAt(interactionId, agentUserId) ? Promise.resolve(false) : routing.unanswered(interactionId, agentUserId));
  const activeUsers = createActiveUsers(models, { ttlMs: config.caches.activeUsersMs, now: now && (() => now().getTime()) });
  const pops = createPopService({ models, interactions: interactionRepo, bus, background, pictures, io, logger, audit, ackTimeoutMs: config.popAckTimeoutMs, recipientOf: activeUsers.standing, onUnanswered: onUnansweredPop });
  const attachments = createAttachmentStore(conn, { maxBytes: config.attachments.maxBytes });
  await attachments.init();
  const interactions = createInteractionService({ models, interactions: interactionRepo, catalogue, logger, audit, attachments, dispositions });
  const complaints = createComplaintService(models);
  const cti = createCtiService({ models, customers, interactions: interactionRepo, routing, background, logger });
  // TELEPHONY=sip: Kamailio asks the console where each inbound call goes (docs/telephony.md).
  // Telemarketers' click-to-call through the same switch, to the trunk (SIP_TRUNK_URI) when the console allows it.
  const sipOutbound = config.telephony.mode === 'sip' ? createSipOutbound({ models, interactions: interactionRepo, trunk: !!config.telephony.trunkUri, logger }) : undefined;
  const sip =
    config.telephony.mode === 'sip'
      ? createSipBridge({ cti, bus, models, routing, interactions: interactionRepo, background, logger, queueOf: queueSettings.sipRouteOf, outbound: sipOutbound, options: config.telephony })
      : undefined;
  const auth = createAuthService(models, tokens);
  const chat = createChatWebhook(models, { url: config.chatWebhookUrl, secret: config.ctiSecret, ...config.chatWebhook }, background, logger, processId);
  const ctiCommands = createCtiCommands(models, { url: config.ctiCommandUrl, secret: config.ctiSecret, ...config.chatWebhook }, background, logger, processId);
  const teams = createTeamRepository(models, bus, audit);
  const teamMembers = createTeamMembers({ models, teams, routing, audit });
  const transfers = createTransferService({ models, interactions: interactionRepo, routing, chat, cti: ctiCommands, logger, audit, switchCalls: sip });
  // Imported purchases and merges rescore their customers against the stored RFM cut points.
  const rescore = (customerId: string) => analytics.rescore(customerId);
  const imports = createImportService(models, { rescore, jobs: createJobTracker(models, bus, logger, 'import') });
  // Segment previews and the duplicates scan read the whole base: on a thread of their own.
  const backOffice = createBackOffice(conn, logger);
  const duplicates = createDuplicateService(models, { interactions: interactionRepo, complaints, rescore, backOffice });
  const privacy = createPrivacyService(models, interactionRepo, audit, { forgetMerges: duplicates.forgetMerges, deleteChatFiles: attachments.deleteOf, forgetVisitor: widgetErasure(models) });
  const campaigns = createCampaignService({
    models, interactions: interactionRepo, background, pictures, catalogue, io, logger, audit, now, backOffice,
    checkDisposition: (code, campaignId) => dispositions.check(code, { direction: 'outbound', campaignId }),
  });
  // Report rollups follow the bus from here on, with the floor's service-level threshold.
  const rollups = createRollupRepository({ models, bus, background, logger, serviceLevelOf: (queue) => queueSettings.serviceLevelOf(queue).sec, timeZone: config.reportsTimeZone });
  const reports = createReportService({ models, rollups, now, timeZone: config.reportsTimeZone });

  attachRealtime(io, { tokens, models, routing, pops, supervision, background, logger, presence: createPresence(io, logger), socketsPerUser: config.connections.socketsPerUser });
  const widget = createWidget({ conn, models, io, bus, cti, interactions: interactionRepo, audit, config: config.widget, logger, callbacks: callbackRepo, queueHours, surveys: createSurveyAnswers(models), attachments, queueSkills: async (queue) => (await queueSettings.routingOf(queue)).skills, outsideHoursOf: async (queue) => (await queueSettings.of(queue)).outsideHours });
  await widget.init();
  if (config.demoMode) await widget.ensureDemoSite();
  widget.attachAgentEvents();
  widget.startSweeps();

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Over plain HTTP (a LAN host name, no TLS) helmet's defaults would make browsers fetch every script
  // over https and remember to (HSTS): a blank page. Both only when the console is known to be on HTTPS.
  app.use(
    helmet({
      // blob: images: a chat's picture is fetched with the agent's token and shown from a blob URL.
      contentSecurityPolicy: { directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': config.trustHttps ? [] : null } },
      strictTransportSecurity: config.trustHttps,
    }),
  );
  app.use(compressResponses());
  app.use(
    pinoHttp({
      logger,
      serializers: { req: accessLogRequest, res: accessLogResponse },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
    }),
  );

  const api = express.Router();
  const dbStatus = createDbStatus(conn, logger, config.caches.dbStatusPollMs);
  const poolWaits = watchPoolWaits(conn, logger);
  api.get('/health', (_req, res) => {
    const s = dbStatus.current();
    if (s.db !== 'up') res.setHeader('Retry-After', '5');
    res.status(s.db === 'up' ? 200 : 503).json({ status: s.db === 'up' ? 'ok' : 'degraded', ...s });
  });
  // Everything below needs the database: answer 503 at once while it is away (health reports it).
  api.use(requireDatabase(conn, logger));
  api.use(auditWrites(audit));
  // The CTI webhook reads its raw body (for the signature) before any JSON parsing.
  api.post('/cti/events', limitPerIp('cti', 'CTI events from this address', config.limits.ctiPerIp, logger));
  api.use(ctiRoutes(cti, config.ctiSecret, logger, now));
  // Imports take file-sized bodies: authenticated and parsed by their own router, before the 100 kB parser.
  api.use(importRoutes(imports, [requireAuth(tokens, activeUsers), authorize(logger)]));
  api.use(signedTransactionRoutes(analytics, config.ctiSecret, logger));
  // Chat files are raw bodies up to WIDGET_ATTACHMENT_LIMIT: their own routers, before the 100 kB parser
  // (agents' behind the login check and the role matrix; visitors' behind their visitor token).
  api.use(attachmentRoutes({ store: attachments, interactions, limits: config.attachments, gate: [requireAuth(tokens, activeUsers), authorize(logger)], logger }));
  api.use(widgetAttachmentRoutes({ conn, models, store: attachments, origins: widget.origins, limits: config.attachments, logger }));
  // The website chat widget's routes: a visitor's token, not a login, opens them.
  api.use(widget.visitorRoutes());
  api.use(express.json({ limit: '100kb', strict: true }));
  api.use(rejectForbiddenKeys(logger));
  api.post('/auth/login', limitLogin(config.limits, logger));
  api.use(authRoutes(auth));
  api.use(requireAuth(tokens, activeUsers));
  api.use(authorize(logger));
  api.use(logoutRoutes(auth, io, activeUsers));
  api.use(await idempotency(conn, logger));
  const heavy = heavyWork(config.heavyWork, logger);
  api.post('/campaigns/preview', heavy('segment previews'));
  api.get('/reports/interactions', heavy('interaction exports'));
  // Reports take turns (a user may have several on screen): the floor's commands keep their share.
  api.get(new RegExp(`^/reports/(${ReportKind.options.join('|')})$`), heavyWork(config.reportWork, logger, { onePerUser: false })('reports'));
  // Before every other router: `/reports/interactions` and the timelines must not be taken for `/reports/:kind`.
  api.use(reportExportRoutes(createInteractionExport({ models, ratings: models.WidgetRating, audit }), createTimelineService(models, now)));
  api.get('/duplicates', heavy('duplicate scans'));
  api.use(customerRoutes(customers, pictures, interactions, audit, campaigns.withdraw));
  api.use(complaintRoutes(complaints, interactions, audit));
  api.use(interactionRoutes(interactions, chat, transfers));
  api.use(analyticsRoutes(analytics));
  api.use(offerRoutes(offers));
  api.use(campaignRoutes(campaigns));
  api.use(demoRoutes(models, cti, config.demoMode, logger));
  api.use(metricsRoutes(metrics));
  api.use(freshnessRoutes(models, pictures, interactions));
  api.use(duplicateRoutes(duplicates, audit));
  api.use(auditRoutes(audit));
  api.use(privacyRoutes(privacy, campaigns.withdraw));
  api.use(userRoutes(models, io, audit, activeUsers, teamMembers.assertAssignable));
  api.use(agentStateRoutes(models, notReadyReasons));
  api.use(sipCredentialRoutes(config.telephony.mode === 'sip' ? config.telephony : undefined));
  api.use(callbackRoutes(callbacks));
  api.use(queueHoursRoutes(queueHours, audit));
  api.use(teamRoutes(teams, teamMembers));
  api.use(queueSettingsRoutes(queueSettings));
  api.use(dispositionRoutes(dispositions));
  api.use(cannedReplyRoutes(models, createCannedReplyRepository(models, bus, audit)));
  api.use(widget.adminRoutes());
  api.use(reportRoutes(reports));
  api.use((req, _res, next) => next(new AppError('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`, 404, undefined, { what: 'route', method: req.method, path: `${req.baseUrl}${req.path}` })));
  app.use('/api', api);

  if (clientDir) app.use(widgetScriptRoutes(clientDir, { demoMode: config.demoMode }));
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(clientRoutes(clientDir));
  }
  app.use(errorMiddleware(logger, { onStorageFault: (err) => dbStatus.noteFault(err) }));

  const stopSweep = routing.sweepEvery(config.queueSweepMs, config.capacityCheckMs);

  return {
    app,
    server,
    io,
    models,
    services: { backOffice, routing, pops, interactions, cti, sip, sipOutbound, customers, pictures, catalogue, supervision, analytics, offers, campaigns, attachments, callbacks, callbackRepo, queueHours, queueSettings, dispositions, widget, rollups, reports },
    bus,
    async listen(port = config.port, host = config.host): Promise<number> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      return (server.address() as { port: number }).port;
    },
    /** Stops taking work, lets in-flight requests finish, then closes. */
    async close() {
      stopSweep();
      await sip?.stop();
      dbStatus.stop();
      poolWaits.stop();
      await lease.stop();
      recompute?.stop();
      chat.stop();
      ctiCommands.stop();
      widget.stop();
      metrics.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      // Pops, routing, screens counted out: everything started in the background finishes before the
      // database is closed under it (the reports' rounds without waiting for their pace); then the feed
      // records the changes they made.
      rollups.closing();
      await background.settle();
      await Promise.all([supervision.close(), audit.settle(), backOffice.close()]);
      await redis?.close();
    },
  };
}
export type App = Awaited<ReturnType<typeof createApp>>;
