import { liveState } from '../../shared/realtime/agent-state-machine.js';
import type { AgentStatus } from '../../shared/realtime/events.js';
import type { insertsPerTurn } from '../db/inserts-per-turn.js';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { InteractionRepository, Waiting } from '../interactions/interaction.repository.js';
import type { Background } from '../ops/background.js';
import type { serialByKey } from '../ops/serial-by-key.js';
import type { AgentDoc } from './agent.model.js';
import { agentClaimFilter, capacityField } from './routing-choice.js';

/** An agent's capacity claimed for one interaction: the agent before and after, and the counter claimed. */
interface Claimed {
  before: AgentDoc;
  after: AgentDoc;
  field: 'voice' | 'chats';
}

/**
 * The claim of an agent for one waiting interaction, routing's hottest path: the agent's capacity first
 * (the longest-idle agent able to take it), then the interaction, each an atomic findAndModify so two
 * agents never get one call, even across processes. A call goes only to an available agent with no other
 * work, so the state it leads to is known before the agent is (the state machine's, from that one
 * unanswered or answered call): written with the capacity, it spares each call a reconciliation (a read
 * of the agent's open work and a write), and is logged and published in the agent's turn.
 *
 * Part of the routing service (routing.service.ts), which hands it the agent's serial turns, what the
 * process knows of each agent, the state log and its reconciliation.
 */
export function createClaims(deps: {
  models: Pick<Models, 'Agent'>;
  interactions: Pick<InteractionRepository, 'claim' | 'queue'>;
  bus: EventBus;
  background: Background;
  /** A queue's skills as routing reads them (cached by the queue settings); none without it. */
  skillsOf?: (queue: string) => Promise<string[]>;
  serial: ReturnType<typeof serialByKey>;
  known: Map<string, AgentDoc>;
  stateLog: ReturnType<typeof insertsPerTurn>;
  toStatus: (a: AgentDoc) => AgentStatus;
  releaseCapacity: (agentUserId: unknown, field: 'voice' | 'chats') => Promise<void>;
  reconcile: (agentUserId: string) => Promise<unknown>;
}) {
  const { models, interactions, bus, background, serial, known, stateLog } = deps;
  const { Agent } = models;

  /**
   * Calls whose claim wrote their agent's new state with the capacity (offered, or on a call when the
   * platform had answered it): the 'assigned' event of such a call needs no reconciliation of its own.
   */
  const carriedState = new Set<string>();

  /**
   * Claims the longest-idle agent able to take it: their capacity, and for a call their state too.
   * Returns the agent as they were before the claim and as the claim left them.
   */
  async function claimAgent(i: Waiting): Promise<Claimed | null> {
    // Read at each offer: a queue's changed skills apply to its next call.
    const needs = i.queue && !i.requestedAgent && deps.skillsOf ? await deps.skillsOf(i.queue) : [];
    const at = new Date();
    const field = capacityField(i.channel);
    const set: Partial<AgentDoc> = { claimedAt: at };
    if (i.channel === 'voice') {
      set.state = liveState({ connections: 1, presence: 'available', open: [{ channel: 'voice', answered: i.state === 'active' }], owed: 0, acwExpired: false });
      set.stateSince = at;
    }
    // Through the driver, as a reconciliation's writes: the filter is built from typed values.
    const before = (await Agent.collection.findOneAndUpdate(agentClaimFilter(i, needs), { $inc: { [field]: 1 }, $set: set }, { sort: { idleSince: 1 }, returnDocument: 'before' })) as AgentDoc | null;
    return before && { before, after: { ...before, ...set, [field]: (before[field] ?? 0) + 1 }, field };
  }

  /**
   * A claim that lost its interaction (someone else took it, or it ended meanwhile) gives the capacity
   * back, and the state it wrote with it unless the agent changed since (then their state is decided
   * again from the facts).
   */
  async function undo({ before, after, field }: Claimed, carried: boolean) {
    const agentUserId = String(after.userId);
    const undone =
      carried &&
      (await Agent.collection.updateOne(
        { _id: after._id, state: after.state, stateSince: after.stateSince, [field]: { $gt: 0 } },
        { $set: { state: before.state, stateSince: before.stateSince }, $inc: { [field]: -1 } },
      )).modifiedCount > 0;
    known.delete(agentUserId);
    if (!undone) {
      await deps.releaseCapacity(after.userId, field);
      if (carried) await deps.reconcile(agentUserId);
    }
  }

  /** Tries to give one interaction to an agent; returns whether it was assigned (the pop follows the bus). */
  async function assign(i: Waiting): Promise<boolean> {
    const claim = await claimAgent(i);
    if (!claim) {
      await interactions.queue(i);
      return false;
    }
    const { before, after } = claim;
    const agentUserId = String(after.userId);
    const carried = after.state !== before.state;
    const id = String(i._id);
    if (carried) carriedState.add(id);
    let claimed: unknown;
    try {
      claimed = await interactions.claim(i, { userId: after.userId, username: after.username });
    } finally {
      carriedState.delete(id);
    }
    if (!claimed) {
      await undo(claim, carried);
      return false;
    }
    // Told without holding up the next assignment (a queue drained after a busy spell assigns one by one).
    if (carried) {
      known.set(agentUserId, after);
      background.run('routing: the offered state told', () => published(agentUserId, before, after), 'error', { agentUserId });
    }
    return true;
  }

  /**
   * The state a call's claim wrote, logged and published in the agent's turn (after any reconciliation
   * queued before it). One that changed the state meanwhile has published what followed: then this is
   * only logged.
   */
  function published(agentUserId: string, before: AgentDoc, after: AgentDoc) {
    return serial(agentUserId, async () => {
      await stateLog.add({ userId: after.userId, username: after.username, from: before.state, to: after.state, at: after.stateSince, by: 'system' });
      const current = known.get(agentUserId);
      if (current && current.state === after.state && current.stateSince.getTime() === after.stateSince.getTime())
        bus.emit('agent:changed', { agentUserId, status: deps.toStatus(current) });
    });
  }

  return {
    assign,
    /** Whether this interaction's claim, now in flight, wrote its agent's state. */
    carriesState: (interactionId: string) => carriedState.has(interactionId),
  };
}
