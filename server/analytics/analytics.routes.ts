import express, { Router } from 'express';
import type { Logger } from 'pino';
import { TransactionCreate } from '../../shared/schemas/offers.js';
import { AppError, unauthorized } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import { verifySignature } from '../telephony/signature.js';
import type { AnalyticsService } from './analytics.service.js';

const SIGNATURE = 'x-integration-signature';

/**
 * POST /api/customers/:id/transactions from an integration (till, web shop), signed like the CTI webhook
 * (`X-Integration-Signature: sha256=<HMAC of the raw body>`). Mounted before the JSON parser and the login
 * check: a request without the header passes on to the logged-in route below.
 */
export function signedTransactionRoutes(analytics: AnalyticsService, secret: string, logger: Logger) {
  const r = Router();
  r.post(
    '/customers/:id/transactions',
    (req, _res, next) => (req.header(SIGNATURE) ? next() : next('router')),
    express.raw({ type: () => true, limit: '64kb' }),
    handle(async (req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifySignature(raw, req.header(SIGNATURE), secret)) {
        logger.warn({ ip: req.ip }, 'transactions: bad integration signature');
        throw unauthorized('bad X-Integration-Signature');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('BAD_JSON', 'request body is not valid JSON', 400);
      }
      return analytics.recordTransaction(parseId(req.params.id, 'customer id'), parse(TransactionCreate, body, 'transaction'));
    }, 201),
  );
  return r;
}

/** Transactions recorded by supervisors and admins, and "customers also bought". */
export function analyticsRoutes(analytics: AnalyticsService) {
  const r = Router();
  r.post(
    '/customers/:id/transactions',
    handle((req) => analytics.recordTransaction(parseId(req.params.id, 'customer id'), parse(TransactionCreate, req.body, 'transaction')), 201),
  );
  r.get(
    '/products/:sku/also-bought',
    handle((req) => analytics.alsoBought(String(req.params.sku), 5)),
  );
  return r;
}
