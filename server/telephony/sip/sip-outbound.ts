import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { Role } from '../../../shared/schemas/auth.js';
import type { Models } from '../../db/models.js';
import type { InteractionRepository } from '../../interactions/interaction.repository.js';
import { type HeldContact, judgeOutbound, normaliseNumber, outcomeOfCode } from './outbound-rules.js';
import type { Decision, SwitchEvent } from './sip-messages.js';

/** What the console learnt of one click-to-call, for tests and the log. */
export interface OutboundCallDecided {
  sipCallId: string;
  agent: string;
  number: string;
  verdict: ReturnType<typeof judgeOutbound>;
}

/**
 * Click-to-call through the switch (docs/telephony.md, "Outbound"): a telemarketer's phone sends an
 * INVITE for the number of the contact the dialer holds for them; the switch authenticates it (407
 * with the agent's ephemeral credentials) and asks here. The console answers `dial` (the switch sends it
 * to the trunk) or `forbidden` (403) by outbound-rules.ts, and the call is written on the contact's
 * interaction, the one the dialer opened when it served the contact: its SIP Call-ID, then the answer,
 * the hang-up or the carrier's refusal as the dialog events tell them.
 */
export function createSipOutbound(deps: {
  models: Models;
  interactions: Pick<InteractionRepository, 'recordOutboundCall'>;
  /** Whether the switch has a trunk (SIP_TRUNK_URI): without one every click-to-call is refused. */
  trunk: boolean;
  logger: Logger;
  now?: () => Date;
}) {
  const { models, interactions, trunk } = deps;
  const logger = deps.logger.child({ feature: 'sip-outbound' });
  const now = deps.now ?? (() => new Date());
  /** SIP Call-ID → interaction id, for the dialog events of calls placed since this console started. */
  const live = new Map<string, string>();
  const listeners = new Set<(d: OutboundCallDecided) => void>();

  /** The contacts the dialer holds for a user now, with what the rules read of their campaign and customer. */
  async function heldFor(userId: Types.ObjectId, at: Date): Promise<HeldContact[]> {
    const entries = await models.CallListEntry.find(
      { lockedBy: userId, status: { $in: ['locked', 'excluded'] }, lockedUntil: { $gt: at }, interactionId: { $ne: null } },
      { interactionId: 1, phone: 1, status: 1, timezone: 1, campaignId: 1, customerId: 1 },
    ).lean();
    if (!entries.length) return [];
    const [campaigns, customers] = await Promise.all([
      models.Campaign.find({ _id: { $in: entries.map((e) => e.campaignId) } }, { status: 1, startsAt: 1, endsAt: 1, callingHours: 1 }).lean(),
      models.Customer.find({ _id: { $in: entries.map((e) => e.customerId) } }, { doNotCall: 1, consents: 1 }).lean(),
    ]);
    return entries.flatMap((e): HeldContact[] => {
      const c = campaigns.find((x) => String(x._id) === String(e.campaignId));
      const customer = customers.find((x) => String(x._id) === String(e.customerId));
      if (!c?.callingHours || !customer) return [];
      return [
        {
          interactionId: String(e.interactionId),
          phone: e.phone ?? '',
          status: e.status,
          timezone: e.timezone ?? 'Europe/London',
          campaign: { status: c.status ?? '', startsAt: c.startsAt, endsAt: c.endsAt, callingHours: { from: c.callingHours.from ?? '', to: c.callingHours.to ?? '', days: c.callingHours.days ?? [] } },
          customer: { doNotCall: customer.doNotCall, consents: customer.consents },
        },
      ];
    });
  }

  async function decideCall(e: Extract<SwitchEvent, { event: 'outbound' }>, decide: (d: Decision) => void) {
    const at = now();
    const user = await models.User.findOne({ username: e.agent }, { role: 1, disabled: 1 }).lean();
    const held = user ? await heldFor(user._id, at) : [];
    const verdict = judgeOutbound({ trunk, agent: user ? { role: user.role as Role, disabled: user.disabled } : undefined, number: e.number, held, now: at });
    for (const l of listeners) l({ sipCallId: e.callId, agent: e.agent, number: e.number, verdict });
    if (!verdict.dial) {
      logger.warn({ agent: e.agent, number: e.number, reason: verdict.reason, source: e.source }, 'sip: click-to-call refused');
      decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'forbidden', reason: verdict.reason });
      return;
    }
    live.set(e.callId, verdict.interactionId);
    try {
      await interactions.recordOutboundCall(verdict.interactionId, { sipCall: { callId: e.callId, number: normaliseNumber(e.number), dialledAt: at, outcome: 'calling' } });
    } catch (err) {
      // A call the console cannot log is not placed: the telemarketer is told and may try again.
      live.delete(e.callId);
      decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'refuse' });
      throw err;
    }
    logger.info({ agent: e.agent, interactionId: verdict.interactionId }, 'sip: click-to-call sent to the trunk');
    decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'dial' });
  }

  /** The interaction of a click-to-call by its SIP Call-ID (one placed before a restart is found in the database). */
  async function interactionOf(sipCallId: string): Promise<string | undefined> {
    const known = live.get(sipCallId);
    if (known) return known;
    const doc = await models.Interaction.findOne({ 'sipCall.callId': sipCallId }, { _id: 1 }).lean();
    return doc ? String(doc._id) : undefined;
  }

  return {
    /**
     * Takes the switch's events that are click-to-call's: the question itself, and the dialog events of
     * the calls it placed. False for anything else (the inbound bridge's).
     */
    async handle(e: SwitchEvent, decide: (d: Decision) => void): Promise<boolean> {
      if (e.event === 'outbound') {
        await decideCall(e, decide);
        return true;
      }
      if (e.event !== 'answered' && e.event !== 'ended' && e.event !== 'failed' && e.event !== 'outbound-failed') return false;
      const interactionId = await interactionOf(e.callId);
      if (!interactionId) return false;
      const at = now();
      if (e.event === 'answered') {
        await interactions.recordOutboundCall(interactionId, { 'sipCall.answeredAt': at, 'sipCall.outcome': 'answered', 'sipCall.code': 200, answeredAt: at });
        return true;
      }
      live.delete(e.callId);
      if (e.event === 'ended') await interactions.recordOutboundCall(interactionId, { 'sipCall.endedAt': at });
      else if (e.event === 'outbound-failed') {
        logger.info({ interactionId, code: e.code }, 'sip: click-to-call not answered');
        await interactions.recordOutboundCall(interactionId, { 'sipCall.endedAt': at, 'sipCall.outcome': outcomeOfCode(e.code), 'sipCall.code': e.code });
      } else {
        // The dialog's own "failed" knows no code (the carrier's comes as outbound-failed, in either order):
        // it only ends a call nothing else has.
        await interactions.recordOutboundCall(interactionId, { 'sipCall.endedAt': at, 'sipCall.outcome': 'failed' }, { 'sipCall.outcome': 'calling' });
      }
      return true;
    },
    /** Calls `listener` with each verdict (tests measure and check them). */
    onDecided(listener: (d: OutboundCallDecided) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type SipOutbound = ReturnType<typeof createSipOutbound>;
