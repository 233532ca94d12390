import express, { Router } from 'express';
import type { Logger } from 'pino';
import { CtiEvent } from '../../shared/schemas/cti.js';
import { AppError, badRequest, unauthorized } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { CtiService } from './cti.service.js';
import { verifySignature } from './signature.js';
import { isWidgetCallId } from '../widget/widget-ids.js';

/**
 * POST /api/cti/events: the telephony or chat platform's webhook. The signature is checked over the
 * raw bytes before anything is parsed.
 */
/** How far an event's `at` may be from the server's clock: a platform's clock may drift, not by days. */
const MAX_SKEW_MS = 24 * 3600 * 1000;

export function ctiRoutes(cti: CtiService, secret: string, logger: Logger, now: () => Date = () => new Date()) {
  const r = Router();
  r.post(
    '/cti/events',
    express.raw({ type: () => true, limit: '64kb' }),
    handle((req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifySignature(raw, req.header('x-cti-signature'), secret)) {
        logger.warn({ ip: req.ip }, 'cti: bad or missing signature');
        throw unauthorized('bad or missing X-CTI-Signature');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('BAD_JSON', 'request body is not valid JSON', 400);
      }
      if (!body || typeof body !== 'object') throw badRequest('a CTI event must be a JSON object');
      const event = parse(CtiEvent, body, 'CTI event');
      // The website widget's chats are the console's own: a platform's event must never write into a visitor's chat.
      if (isWidgetCallId(event.callId)) {
        logger.warn({ ip: req.ip, eventId: event.eventId, callId: event.callId }, 'cti: a platform event used a website widget call id');
        throw badRequest('call ids of the form web-<id>-<n> belong to the website chat widget', undefined, 'RESERVED_CALL_ID');
      }
      // An event dated years away (year 0001, 9999) would show waits of millions of seconds on the boards.
      const skew = Date.parse(event.at) - now().getTime();
      if (!(Math.abs(skew) <= MAX_SKEW_MS)) {
        logger.warn({ ip: req.ip, eventId: event.eventId, at: event.at }, 'cti: event time out of range');
        throw badRequest(`at must be within 24 hours of the server's clock (${now().toISOString()}); got ${event.at}`, undefined, 'CLOCK_SKEW');
      }
      return cti.handle(event);
    }),
  );
  return r;
}
