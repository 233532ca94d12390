import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { inGroup } from '../../shared/access/roles.js';
import type { Role } from '../../shared/schemas/auth.js';
import type { TransferRequest } from '../../shared/schemas/interaction.js';
import type { TransferDone, TransferTargets } from '../../shared/schemas/transfer.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { ChatWebhook } from '../chat/chat-webhook.js';
import type { Models } from '../db/models.js';
import { AppError, notFound, refused } from '../http/errors.js';
import type { RoutingService } from '../routing/routing.service.js';
import { maskCardNumbers } from '../security/card-mask.js';
import type { CtiCommands } from '../telephony/cti-commands.js';
import type { InteractionDoc } from './interaction.model.js';
import type { InteractionRepository } from './interaction.repository.js';
import { isSwitchCall } from '../telephony/sip/sip-messages.js';
import type { SipBridge } from '../telephony/sip/sip-bridge.js';
import { agentRefusal, interactionRefusal, switchCallRefusal, type TransferRefusal } from './transfer-rules.js';

const fail = (r: TransferRefusal) => new AppError(r.code, r.message, r.status, undefined, r.params);
const oid = (id: string) => new Types.ObjectId(id);

/**
 * Transfers: the handling agent (or a supervisor) hands a live call or chat to another agent or to a
 * queue, with a note. The interaction leaves its agent in one write (the repository's `transfer`),
 * which frees the agent's chat or voice slot here, without after-call work: the disposition belongs to
 * whoever finishes the interaction, and they see the notes so far and the note in their pop. Routing
 * then gives it to the named agent or the queue's next free agent, exactly as a new one. A platform
 * that owns the conversation (a chat platform, a telephony platform) is told by a signed command.
 */
export function createTransferService(deps: {
  models: Models;
  interactions: InteractionRepository;
  routing: RoutingService;
  chat: ChatWebhook;
  cti: CtiCommands;
  logger: Logger;
  audit?: AuditService;
  /** The console's own phone switch (TELEPHONY=sip): its calls move by a REFER it sends (sip-bridge.ts). */
  switchCalls?: Pick<SipBridge, 'carried'>;
}) {
  const { models, interactions, routing, logger } = deps;

  async function load(id: string) {
    const i = await models.Interaction.findById(id, { transcript: 0, events: 0 }).lean<InteractionDoc>();
    if (!i) throw notFound('interaction');
    return i;
  }

  /** Every queue the console knows: agents' skills and queues with business hours. */
  async function knownQueues(): Promise<string[]> {
    const [skills, hours] = await Promise.all([models.User.distinct('skills'), models.QueueHours.distinct('queue')]);
    return [...new Set([...skills, ...hours].filter((q): q is string => typeof q === 'string' && !!q))].sort();
  }

  async function targetAgent(userId: string) {
    if (!Types.ObjectId.isValid(userId)) return null;
    const [user, live] = await Promise.all([
      models.User.findById(userId, { username: 1, role: 1, disabled: 1, skills: 1 }).lean(),
      models.Agent.findOne({ userId: oid(userId) }, { connections: 1, presence: 1 }).lean(),
    ]);
    if (!user) return null;
    return { userId, username: user.username, role: user.role, disabled: user.disabled, skills: user.skills ?? [], live: live ? { connections: live.connections ?? 0, presence: live.presence } : null };
  }

  const throughSwitch = (i: InteractionDoc) => i.channel === 'voice' && isSwitchCall(i.callId);

  function mayTransfer(i: InteractionDoc, user: TokenClaims) {
    const why = interactionRefusal(i, { userId: user.userId, role: user.role as Role }) ?? (throughSwitch(i) ? switchCallRefusal(deps.switchCalls?.carried(i.callId) ?? null) : null);
    if (why) throw fail(why);
  }

  return {
    /** Who the interaction can go to now: ready agents able to take its queue (not its own), and the queues. */
    async targets(id: string, user: TokenClaims): Promise<TransferTargets> {
      const i = await load(id);
      mayTransfer(i, user);
      const [live, queues] = await Promise.all([
        models.Agent.find({ connections: { $gt: 0 }, presence: 'available', userId: { $ne: i.agentId } }, { userId: 1, username: 1, state: 1, skills: 1 }).sort({ username: 1 }).lean(),
        knownQueues(),
      ]);
      const users = await models.User.find({ _id: { $in: live.map((a) => a.userId) } }, { displayName: 1, role: 1, disabled: 1 }).lean();
      const byId = new Map(users.map((u) => [String(u._id), u]));
      const agents = live.filter((a) => {
        const u = byId.get(String(a.userId));
        const skills = a.skills ?? [];
        return u && !u.disabled && inGroup(u.role as Role, 'INBOUND') && (!i.queue || !skills.length || skills.includes(i.queue));
      });
      return {
        agents: agents.map((a) => ({ id: String(a.userId), username: a.username, displayName: byId.get(String(a.userId))?.displayName ?? undefined, state: a.state as TransferTargets['agents'][number]['state'] })),
        queues: i.queue && !queues.includes(i.queue) ? [...queues, i.queue].sort() : queues,
      };
    },

    async transfer(id: string, req: TransferRequest, user: TokenClaims): Promise<TransferDone> {
      const i = await load(id);
      mayTransfer(i, user);
      let toAgent: { userId: string; username: string } | undefined;
      if (req.agentId) {
        const target = await targetAgent(req.agentId);
        const why = agentRefusal(target, i);
        if (why) throw fail(why);
        toAgent = { userId: target!.userId, username: target!.username };
      } else if (req.queue !== i.queue && !(await knownQueues()).includes(req.queue!)) {
        throw new AppError('UNKNOWN_QUEUE', `no queue is called ${req.queue}`, 400, undefined, { queue: req.queue });
      }
      const at = new Date();
      const note = maskCardNumbers(req.note);
      const saved = await interactions.transfer(i, { by: { userId: user.userId, username: user.username }, toAgent, toQueue: req.queue, note, at });
      if (!saved) throw refused('CHANGED_MEANWHILE', 'this interaction was changed meanwhile (ended, or taken by someone else)');
      // The sender's slot is free now, with no wrap-up owed: the interaction is no longer theirs.
      await routing.release({ agentId: i.agentId, channel: i.channel });
      const command = { callId: i.callId, toAgent: toAgent?.username, toQueue: req.queue, at: at.toISOString() };
      // The console's own switch moves its calls itself (it hears of the transfer from the bus).
      if (!throughSwitch(i)) await (i.channel === 'chat' ? deps.chat.transfer(command) : deps.cti.transfer(command));
      await deps.audit?.record({
        actor: user,
        action: 'interaction.transferred',
        entity: { type: 'interaction', id },
        customerId: i.customerId ? String(i.customerId) : undefined,
        before: { agent: i.agentName ?? String(i.agentId), queue: i.queue ?? undefined },
        after: { toAgent: toAgent?.username, toQueue: req.queue, note: note || undefined },
      });
      logger.info({ interactionId: id, from: i.agentName, toAgent: toAgent?.username, toQueue: req.queue }, 'interaction transferred');
      return { interactionId: id, toAgent: toAgent?.username, toQueue: req.queue };
    },
  };
}
export type TransferService = ReturnType<typeof createTransferService>;
