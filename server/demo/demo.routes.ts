import { Router } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { forbidden } from '../http/errors.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { CtiService } from '../telephony/cti.service.js';
import { callScenario, chatScenario, countryOfQueue, pickQueue, play } from './simulator.js';

const SimulateRequest = z.object({ calls: z.number().int().min(0).max(50).default(3), chats: z.number().int().min(0).max(20).default(1) }).strict();

/**
 * A demo caller: a random customer's phone or e-mail (of `country` when given, as a language queue's
 * callers are), or one in ten times someone unknown, to show the quick-create card.
 */
export async function demoCaller(models: Models, kind: 'phone' | 'email', country?: string, rand: () => number = Math.random): Promise<string> {
  if (rand() < 0.1) return kind === 'phone' ? `+4479460${String(Math.floor(rand() * 1e5)).padStart(5, '0')}` : `visitor${Date.now()}@example.net`;
  const filter = country ? { 'addresses.0.country': country } : {};
  const among = country ? await models.Customer.countDocuments(filter) : await models.Customer.estimatedDocumentCount();
  const [c] = await models.Customer.find(filter, { phones: 1, emails: 1 }).skip(Math.floor(rand() * Math.max(1, among))).limit(1).lean();
  return (kind === 'phone' ? c?.phones[0]?.number : c?.emails[0]?.address) ?? '+447700900000';
}

/**
 * Supervisor/admin button of demo mode: plays calls and chats from random demo customers. A call to a
 * language queue (`fa`, `zh`...) comes from a customer of the language's country, so it pops a
 * Persian customer to the Persian agent.
 */
export function demoRoutes(models: Models, cti: CtiService, demoMode: boolean, logger: Logger) {
  const r = Router();
  r.post(
    '/demo/simulate',

    handle(async (req) => {
      if (!demoMode) throw forbidden('simulation is only available in demo mode', 'DEMO_ONLY');
      const { calls, chats } = parse(SimulateRequest, req.body ?? {}, 'simulation');
      const pickContact = (kind: 'phone' | 'email', country?: string) => demoCaller(models, kind, country);
      const call = async () => {
        const queue = pickQueue();
        return callScenario(await pickContact('phone', countryOfQueue(queue)), { queue });
      };
      const scenarios = [
        ...(await Promise.all(Array.from({ length: calls }, call))),
        ...(await Promise.all(Array.from({ length: chats }, async () => chatScenario(await pickContact('email'))))),
      ];
      play(scenarios, (e) => cti.handle(e), 1500, (err) => logger.error({ err }, 'demo simulation event failed'));
      return { sent: scenarios.length };
    }, 202),
  );
  return r;
}
