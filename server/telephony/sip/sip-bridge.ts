import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { CtiEvent } from '../../../shared/schemas/cti.js';
import type { Models } from '../../db/models.js';
import type { InteractionRepository } from '../../interactions/interaction.repository.js';
import type { EventBus, InteractionChanged } from '../../events.js';
import type { Background } from '../../ops/background.js';
import type { RoutingService } from '../../routing/routing.service.js';
import type { CtiService } from '../cti.service.js';
import { createEvapiClient } from './evapi-client.js';
import { serialByKey } from '../../ops/serial-by-key.js';
import { agentAor, callerOf, type Decision, interactionCallId, parseSwitchEvent, stepEventId, switchTime, type SwitchEvent, takesRefer, TRANSFER_USER } from './sip-messages.js';
import type { SipOutbound } from './sip-outbound.js';

export interface SipBridgeOptions {
  evapiHost: string;
  evapiPort: number;
  /** Agents register as sip:<username>@<domain>. */
  sipDomain: string;
  /**
   * How long a call waits for a free agent before the caller is told 480 and the call is abandoned: the
   * switch's ceiling (its transaction timers are set from it), and the wait of a call whose queue sets none.
   */
  maxWaitMs: number;
}

/** The queue a dialled number reaches, and that queue's maximum wait (from the Queues screen). */
export type QueueOfNumber = (dialled: string) => Promise<{ queue?: string; maxWaitMs?: number }>;

/** How long a caller referred by a blind transfer has to call back in before the call counts as lost. */
const TRANSFER_CALLBACK_MS = 15_000;

/** A SIP call the console is deciding or carrying, by its interaction's call id. */
interface LiveCall {
  /** The SIP dialog carrying it now (after a blind transfer, the caller's new one). */
  sipCallId: string;
  /**
   * waiting: suspended in the switch until routing picks an agent; ringing: sent to an agent's phone;
   * transferring: the caller was sent a REFER and its new INVITE is awaited.
   */
  phase: 'waiting' | 'ringing' | 'connected' | 'transferring';
  /** Whether the caller's side takes REFER (its INVITE's Allow): only then can it be transferred. */
  takesRefer: boolean;
  /** The dialog's tags, from its answer: a transfer names the dialog by them. */
  fromTag?: string;
  toTag?: string;
  /** The suspended transaction (valid while waiting). */
  tindex: number;
  tlabel: number;
  agentUserId?: string;
  /** The interaction it is (once stored). */
  interactionId?: string;
  /** performance.now() when the switch asked: the maximum wait counts from here. */
  since: number;
  /** The call's maximum wait: its queue's when shorter than the switch's ceiling. */
  maxWaitMs: number;
  timer?: NodeJS.Timeout;
}

export interface SipCallOpened {
  callId: string;
  interactionId: string;
  /** From the switch's question arriving to the interaction stored (routing and the pop follow). */
  ms: number;
  /** When the switch received the INVITE (epoch ms), and from then to the interaction stored (both clocks are this host's). */
  invitedAt?: number;
  sinceInviteMs?: number;
}

/**
 * The console as the brain of the SIP switch (docs/telephony.md): Kamailio suspends each inbound INVITE
 * and asks over evapi; the call becomes an interaction exactly as a CTI `call.ringing` would (the same
 * service: identification, pop, feed), routing offers it as any call, and the agent it picks is
 * answered back as the address to relay to. The dialog's answer, holds and end come back as
 * `call.answered`, `call.held` / `call.resumed` and `call.ended`, so the state machine, timers, hold
 * time and wrap-up are those of webhook calls.
 */
export function createSipBridge(deps: {
  cti: CtiService;
  bus: EventBus;
  models: Models;
  routing: RoutingService;
  /** The interactions' writer: withdrawing a pop's acknowledgement when a phone fails. */
  interactions: Pick<InteractionRepository, 'withdrawPopAck'>;
  background: Background;
  logger: Logger;
  /** Which queue a call dialled on a number goes to (none: the call has no queue, any agent may take it). */
  queueOf?: QueueOfNumber;
  /** Click-to-call (sip-outbound.ts): takes its own events first; everything else is an inbound call's. */
  outbound?: Pick<SipOutbound, 'handle'>;
  options: SipBridgeOptions;
}) {
  const { cti, bus, models, routing, interactions, background, options } = deps;
  const logger = deps.logger.child({ feature: 'sip' });
  const calls = new Map<string, LiveCall>();
  /** Dialogs a transfer started, by SIP Call-ID → the interaction's call id they carry on. */
  const aliases = new Map<string, string>();
  /** Transfers awaiting the caller's new INVITE, by token → the interaction's call id. */
  const referrals = new Map<string, string>();
  const callIdOf = (sipCallId: string) => aliases.get(sipCallId) ?? interactionCallId(sipCallId);
  const openedListeners = new Set<(o: SipCallOpened) => void>();
  // A call's events are handled in the order the switch sent them (a hold and its resume a moment
  // apart must not swap while one waits for the database).
  const inOrder = serialByKey();

  const link = createEvapiClient({ host: options.evapiHost, port: options.evapiPort }, logger, {
    message: (raw) => {
      const e = parseSwitchEvent(raw);
      if (!e) {
        logger.warn({ raw: raw.slice(0, 200) }, 'sip: unknown message from the switch ignored');
        return;
      }
      background.run(`sip: ${e.event}`, () => inOrder(e.callId, async () => ((await deps.outbound?.handle(e, decide)) ? undefined : handle(e))), 'error', { sipCallId: e.callId });
    },
  });

  const decide = (d: Decision) => {
    if (!link.send(d)) logger.warn({ action: d.action }, 'sip: evapi link down, the switch times the call out itself');
  };

  function ctiEvent(type: 'call.ringing' | 'call.answered' | 'call.ended', callId: string, extra: Partial<CtiEvent> = {}): CtiEvent {
    const step = type === 'call.ringing' ? 'ringing' : type === 'call.answered' ? 'answered' : 'ended';
    return { eventId: stepEventId(callId, step), type, callId, channel: 'voice', from: 'sip', to: 'sip', at: new Date().toISOString(), ...extra };
  }

  /** A hold or resume the switch saw accepted: one event per re-offer (its CSeq), at the switch's time. */
  const holdEvent = (e: { event: 'held' | 'resumed'; cseq: number; at: string }, callId: string): CtiEvent => ({
    eventId: stepEventId(callId, `${e.event}-${e.cseq}`),
    type: e.event === 'held' ? 'call.held' : 'call.resumed',
    callId,
    channel: 'voice',
    from: 'sip',
    to: 'sip',
    at: switchTime(e.at).toISOString(),
  });

  function forget(callId: string) {
    const c = calls.get(callId);
    if (c?.timer) clearTimeout(c.timer);
    calls.delete(callId);
    for (const [sip, id] of aliases) if (id === callId) aliases.delete(sip);
  }

  /** Dialog events of calls the console never opened (a switch restarted under it) are not calls of ours. */
  const known = async (callId: string) => calls.has(callId) || !!(await models.Interaction.exists({ callId }));

  /** The call ended before or after an answer: the interaction ends (unconnected: abandoned). */
  async function end(callId: string) {
    const ours = await known(callId);
    forget(callId);
    if (ours) await cti.handle(ctiEvent('call.ended', callId));
  }

  /** Starts (or keeps) the maximum wait of a call waiting for an agent. */
  function armMaxWait(callId: string, c: LiveCall) {
    if (c.timer) return;
    const left = Math.max(0, c.maxWaitMs - (performance.now() - c.since));
    c.timer = setTimeout(() => {
      c.timer = undefined;
      const now = calls.get(callId);
      if (now !== c || c.phase !== 'waiting') return;
      logger.info({ callId, waitedMs: Math.round(performance.now() - c.since) }, 'sip: no agent within the maximum wait, caller told 480');
      decide({ tindex: c.tindex, tlabel: c.tlabel, action: 'unavailable' });
      background.run('sip: ending a call nobody took', () => end(callId));
    }, left);
    c.timer.unref();
  }

  /** Sends a waiting call to the agent routing gave it to. */
  function relay(callId: string, c: LiveCall, agent: { userId: string; username: string }) {
    c.phase = 'ringing';
    c.agentUserId = agent.userId;
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    decide({ tindex: c.tindex, tlabel: c.tlabel, action: 'relay', aor: agentAor(agent.username, options.sipDomain) });
  }

  // Routing's choice is the console's answer: the call goes to the agent's phone the moment it is offered.
  const onChanged = ({ doc, cause }: InteractionChanged) => {
    const c = calls.get(doc.callId);
    if (!c) return;
    if (cause === 'transferred') startTransfer(doc.callId, c);
    else if (cause === 'assigned' && doc.agentId && doc.agentName) {
      if (c.phase === 'waiting') relay(doc.callId, c, { userId: String(doc.agentId), username: doc.agentName });
      // The caller's new INVITE finds the agent routing chose.
      else if (c.phase !== 'transferring') logger.warn({ callId: doc.callId, phase: c.phase }, 'sip: offered again while already at an agent phone; the phone keeps it');
    }
  };

  /**
   * A blind transfer (the interaction already left its agent, transfer.service.ts): the switch sends the
   * caller's side a REFER to a one-time address and hangs up the first agent's leg; the caller's new
   * INVITE to that address comes back here and goes to whoever routing gives the interaction to. A caller
   * that does not call back in time is lost: the call ends.
   */
  function startTransfer(callId: string, c: LiveCall) {
    if (c.phase !== 'connected' || !c.fromTag || !c.toTag) {
      logger.warn({ callId, phase: c.phase }, 'sip: a transfer of a call not connected cannot move it in the switch');
      return;
    }
    const token = randomBytes(12).toString('hex');
    referrals.set(token, callId);
    c.phase = 'transferring';
    c.timer = setTimeout(() => {
      referrals.delete(token);
      if (calls.get(callId) !== c || c.phase !== 'transferring') return;
      logger.error({ callId }, 'sip: the transferred caller did not call back; the call is lost');
      background.run('sip: ending a transfer that did not come back', () => end(callId));
    }, TRANSFER_CALLBACK_MS);
    c.timer.unref();
    logger.info({ callId }, 'sip: blind transfer, the caller is referred');
    decide({ action: 'refer', callId: c.sipCallId, fromTag: c.fromTag, toTag: c.toTag, token });
  }

  /** The caller's new INVITE after a transfer's REFER: the same interaction, to the agent routing chose. */
  async function transferredIn(e: Extract<SwitchEvent, { event: 'invite' }>, token: string) {
    const callId = referrals.get(token);
    if (!callId) {
      logger.warn({ sipCallId: e.callId }, 'sip: an INVITE to an unknown or expired transfer address, refused');
      decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'refuse' });
      return;
    }
    referrals.delete(token);
    const before = calls.get(callId);
    if (before?.timer) clearTimeout(before.timer);
    aliases.set(e.callId, callId);
    const c: LiveCall = { sipCallId: e.callId, phase: 'waiting', tindex: e.tindex, tlabel: e.tlabel, since: performance.now(), maxWaitMs: options.maxWaitMs, takesRefer: takesRefer(e.allow), interactionId: before?.interactionId };
    calls.set(callId, c);
    armMaxWait(callId, c);
    const doc = await models.Interaction.findOne({ callId }, { agentId: 1, agentName: 1, state: 1 }).lean();
    if (!doc || doc.state === 'ended') {
      forget(callId);
      decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'refuse' });
      return;
    }
    c.interactionId = String(doc._id);
    logger.info({ callId, sipCallId: e.callId }, 'sip: the transferred caller called back');
    if (doc.agentId && doc.agentName && calls.get(callId) === c && c.phase === 'waiting') relay(callId, c, { userId: String(doc.agentId), username: doc.agentName });
  }
  bus.on('interaction:changed', onChanged);

  /**
   * Takes a call back from the agent whose phone failed, as from a pop nobody took: back to the queue,
   * the agent set not ready (missed), the next one offered. The screen may have taken the pop already
   * (or take it while this runs), but a call the phone never rang is not the agent's: the
   * acknowledgement is withdrawn so routing's requeue, which only takes back unacknowledged offers,
   * applies. A screen acknowledges once, so a second try settles it.
   */
  async function takeBack(interactionId: string, agentUserId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await interactions.withdrawPopAck(interactionId, agentUserId))) return false;
      if (await routing.unanswered(interactionId, agentUserId)) return true;
    }
    return false;
  }

  /** An event of a dialog a transfer left behind (the first agent's leg), which no longer carries the call. */
  const leftBehind = (callId: string, sipCallId: string) => {
    const c = calls.get(callId);
    return !!c && (c.sipCallId !== sipCallId || c.phase === 'transferring');
  };

  async function handle(e: SwitchEvent) {
    const callId = callIdOf(e.callId);
    switch (e.event) {
      case 'invite': {
        const transfer = TRANSFER_USER.exec(e.to ?? '');
        if (transfer) return transferredIn(e, transfer[1]);
        const since = performance.now();
        const c: LiveCall = { sipCallId: e.callId, phase: 'waiting', tindex: e.tindex, tlabel: e.tlabel, since, maxWaitMs: options.maxWaitMs, takesRefer: takesRefer(e.allow) };
        calls.set(callId, c);
        let res: Awaited<ReturnType<CtiService['handle']>>;
        try {
          // The number dialled chooses the queue (its skills, service level and maximum wait), as a platform's `queue` would.
          const { queue, maxWaitMs } = (await deps.queueOf?.(e.to ?? '')) ?? {};
          c.maxWaitMs = Math.min(options.maxWaitMs, maxWaitMs ?? Infinity);
          armMaxWait(callId, c);
          res = await cti.handle(ctiEvent('call.ringing', callId, { from: callerOf(e), to: (e.to || 'unknown').slice(0, 256), ...(queue ? { queue } : {}) }));
        } catch (err) {
          // The console cannot take the call (its database is away): the caller hears so now, not after the maximum wait.
          if (calls.get(callId) === c && c.phase === 'waiting') {
            forget(callId);
            decide({ tindex: c.tindex, tlabel: c.tlabel, action: 'refuse' });
          }
          throw err;
        }
        if (res.interactionId) {
          c.interactionId = res.interactionId;
          const opened: SipCallOpened = { callId, interactionId: res.interactionId, ms: performance.now() - c.since };
          if (e.receivedAt) {
            opened.invitedAt = Number(e.receivedAt) * 1000;
            opened.sinceInviteMs = Date.now() - opened.invitedAt;
          }
          logger.info({ ...opened, source: e.source }, 'sip: call opened');
          for (const l of openedListeners) l(opened);
        }
        return;
      }
      case 'agent-failed': {
        const c = calls.get(callId);
        if (!c) {
          decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'refuse' });
          return;
        }
        const failedAgent = c.agentUserId;
        Object.assign(c, { phase: 'waiting', tindex: e.tindex, tlabel: e.tlabel, agentUserId: undefined });
        logger.warn({ callId, aor: e.aor, code: e.code }, "sip: the agent's phone did not take the call; routing offers it again");
        armMaxWait(callId, c);
        const doc = await models.Interaction.findOne({ callId }, { agentId: 1, agentName: 1, state: 1 }).lean();
        if (!doc || doc.state === 'ended') return end(callId);
        if (failedAgent && String(doc.agentId) === failedAgent) {
          if (!(await takeBack(String(doc._id), failedAgent))) logger.warn({ callId }, 'sip: the call could not be taken back from the agent whose phone failed');
        } else if (doc.agentId && doc.agentName && calls.get(callId) === c && c.phase === 'waiting') {
          // Already offered to someone else meanwhile (the pop timed out first).
          relay(callId, c, { userId: String(doc.agentId), username: doc.agentName });
        }
        return;
      }
      case 'cancel': {
        const c = calls.get(callId);
        // Free the suspended transaction: the switch sees the CANCEL and answers the caller 487.
        if (c?.phase === 'waiting') decide({ tindex: c.tindex, tlabel: c.tlabel, action: 'cancelled' });
        return end(callId);
      }
      case 'answered': {
        const c = calls.get(callId);
        if (c && c.sipCallId === e.callId) {
          if (c.timer) clearTimeout(c.timer);
          c.timer = undefined;
          c.phase = 'connected';
          c.fromTag = e.fromTag;
          c.toTag = e.toTag;
        }
        if (await known(callId)) await cti.handle(ctiEvent('call.answered', callId));
        return;
      }
      case 'held':
      case 'resumed':
        if (await known(callId)) await cti.handle(holdEvent(e, callId));
        return;
      case 'ended':
        if (leftBehind(callId, e.callId)) return;
        return end(callId);
      case 'failed': {
        // A dialog refused before any answer; a call suspended again for another agent is still alive.
        if (calls.get(callId)?.phase === 'waiting' || leftBehind(callId, e.callId)) return;
        return end(callId);
      }
      case 'refer-failed':
        logger.error({ callId }, 'sip: the switch could not transfer the call (its dialog was gone)');
        return end(callId);
      case 'outbound-failed':
        return;
      case 'outbound':
        // Click-to-call with no outbound handler (none wired): the switch is told no at once.
        decide({ tindex: e.tindex, tlabel: e.tlabel, action: 'forbidden', reason: 'no-trunk' });
        return;
    }
  }

  return {
    /**
     * What a transfer of this call needs to know: null when this console does not carry it (not a switch
     * call, or one it forgot in a restart), else whether it is connected and its caller's side takes REFER.
     */
    carried(callId: string): { connected: boolean; takesRefer: boolean } | null {
      const c = calls.get(callId);
      return c ? { connected: c.phase === 'connected', takesRefer: c.takesRefer } : null;
    },
    /**
     * Whether the interaction's call is ringing at this agent's phone now. The phone is then the offer:
     * a screen that did not acknowledge the pop must not send the call to someone else while it rings
     * (the phone's own ring time decides, and its refusal or silence takes the call back).
     */
    ringsAt(interactionId: string, agentUserId: string): boolean {
      for (const c of calls.values()) if (c.interactionId === interactionId) return c.phase === 'ringing' && c.agentUserId === agentUserId;
      return false;
    },
    /** Whether the evapi link to the switch is up. */
    get connected() {
      return link.up;
    },
    whenConnected: () => link.whenUp(),
    /** Calls `listener` each time a SIP call becomes an interaction (with the time it took). */
    onCallOpened(listener: (o: SipCallOpened) => void) {
      openedListeners.add(listener);
      return () => openedListeners.delete(listener);
    },
    /** Closes the link (the switch then refuses new calls with 503) and forgets the calls' timers. */
    async stop() {
      bus.off('interaction:changed', onChanged);
      for (const c of calls.values()) if (c.timer) clearTimeout(c.timer);
      await link.stop();
    },
  };
}
export type SipBridge = ReturnType<typeof createSipBridge>;
