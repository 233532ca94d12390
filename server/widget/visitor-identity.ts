import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { ContactChannel } from '../../shared/schemas/enums.js';
import type { VisitorIdentity } from '../../shared/schemas/widget.js';
import type { AuditService } from '../audit/audit.service.js';
import { applyConsent, type StoredConsent } from '../customers/consent.js';
import type { CustomerDoc } from '../customers/customer.model.js';
import type { Models } from '../db/models.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import { verifyIdentity } from './identity.js';
import type { WidgetSiteDoc } from './widget-site.model.js';

/** The customer an identity's identifier names: their id, or their e-mail held by exactly one customer. */
async function customerNamed(models: Models, identifier: string): Promise<string | null> {
  if (/^[a-f0-9]{24}$/i.test(identifier)) {
    const c = await models.Customer.exists({ _id: new Types.ObjectId(identifier) });
    return c ? String(c._id) : null;
  }
  if (!identifier.includes('@')) return null;
  const found = await models.Customer.find({ 'emails.address': identifier.trim().toLowerCase() }, { _id: 1 }).limit(2).lean();
  return found.length === 1 ? String(found[0]._id) : null;
}

/**
 * What a host page's identity says: with a valid signature of the site's secret, the customer for sure
 * (`customerId`); without one, or with a wrong one, only a hint the agent sees among the candidates.
 */
export async function identifyVisitor(models: Models, site: Pick<WidgetSiteDoc, '_id' | 'identitySecret'>, identity: VisitorIdentity | undefined, logger: Logger): Promise<{ customerId?: string; hints: string[] }> {
  if (!identity) return { hints: [] };
  const named = await customerNamed(models, identity.identifier);
  const signed = verifyIdentity(identity.identifier, identity.hash, site.identitySecret);
  if (identity.hash && !signed) logger.warn({ siteId: String(site._id) }, 'widget: identity with a wrong signature taken as a hint only');
  if (!named) return { hints: [] };
  return signed ? { customerId: named, hints: [] } : { hints: [named] };
}

export interface ConsentDeps {
  models: Models;
  audit: AuditService;
  interactions: InteractionRepository;
}

/** The consent channels a pre-chat's contact details stand for. */
export const consentChannels = (contact: { email?: string; phone?: string }): ContactChannel[] => [...(contact.email ? (['email'] as const) : []), ...(contact.phone ? (['phone', 'sms'] as const) : [])];

/**
 * The pre-chat's marketing box, for a known customer: stored as their consent (purpose marketing, on
 * the channels they gave, source `chat-widget`, the time) through `applyConsent` like every consent
 * change, onto the version read (re-read and retried when someone saved meanwhile), audited, and
 * logged on the chat so the agent sees it.
 */
export async function recordMarketingConsent(deps: ConsentDeps, c: { customerId: string; interactionId: string; granted: boolean; email?: string; phone?: string; at: Date }) {
  const { models, audit, interactions } = deps;
  const channels = consentChannels(c);
  for (let attempt = 0; attempt < 3; attempt++) {
    const customer = await models.Customer.findById(c.customerId, { consents: 1, version: 1 }).lean<CustomerDoc>();
    if (!customer) return;
    let consents: StoredConsent[] = customer.consents;
    for (const channel of channels) consents = applyConsent(consents, { purpose: 'marketing', channel, granted: c.granted }, c.at, 'chat-widget');
    const res = await models.Customer.updateOne({ _id: customer._id, version: customer.version }, { $set: { consents }, $inc: { version: 1 } });
    if (res.matchedCount === 0) continue;
    await audit.record({
      actor: { username: 'chat-widget', role: 'system' },
      action: 'consent.changed',
      entity: { type: 'customer', id: c.customerId },
      customerId: c.customerId,
      before: { consents: customer.consents },
      after: { consents },
      detail: { source: 'chat-widget', interactionId: c.interactionId },
    });
    await interactions.logChange(c.interactionId, 'consent', { purpose: 'marketing', channels, granted: c.granted, source: 'chat-widget' });
    return;
  }
  throw new Error(`consent of customer ${c.customerId} not stored: it kept changing`);
}
