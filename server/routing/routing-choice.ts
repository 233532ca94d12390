import { isObjectIdString } from '../../shared/schemas/common.js';
import { Types } from 'mongoose';

/** Which agent counter an interaction of this channel occupies. */
export const capacityField = (channel: string) => (channel === 'voice' ? 'voice' : 'chats');

/** The capacity an agent's open interactions hold: every call and every chat not ended, offered ones too. */
export function heldBy(open: ReadonlyArray<{ channel: string }>): { voice: number; chats: number } {
  const held = { voice: 0, chats: 0 };
  for (const i of open) held[capacityField(i.channel)]++;
  return held;
}

/**
 * The filter that picks agents able to take an interaction: connected, free for it, with room on the
 * channel (one call at a time, chats up to the agent's capacity), with the skills the queue's settings
 * need (`needs`: every one of them), or without settings the queue's own name as a skill (an agent
 * without skills takes every such queue), or exactly the agent the platform (or a transfer) asked for,
 * never the agent who transferred it.
 */
export function agentClaimFilter(
  i: { channel: string; queue?: string | null; requestedAgent?: string | null; lastTransfer?: { fromAgentId?: unknown } | null },
  needs: readonly string[] = [],
) {
  // A call goes to an idle agent; a chat also to one already chatting, up to their capacity
  // (shared/realtime/agent-state-machine.ts `takesWork`).
  const filter: Record<string, unknown> = { connections: { $gt: 0 }, voice: 0 };
  if (i.channel === 'voice') filter.state = 'available';
  else {
    // Chatting agents who chose not ready finish their chats but get no new one.
    filter.state = { $in: ['available', 'on-chat'] };
    filter.presence = 'available';
    filter.$expr = { $lt: ['$chats', '$chatCapacity'] };
  }
  // A transferred interaction never goes back to the agent who sent it on (they asked for someone else).
  if (i.lastTransfer?.fromAgentId) filter.userId = { $ne: i.lastTransfer.fromAgentId };
  if (i.requestedAgent) {
    filter.$or = isObjectIdString(i.requestedAgent)
      ? [{ username: i.requestedAgent }, { userId: new Types.ObjectId(i.requestedAgent) }]
      : [{ username: i.requestedAgent }];
  } else if (needs.length) {
    filter.skills = { $all: [...needs] };
  } else if (i.queue) {
    filter.$or = [{ skills: i.queue }, { skills: { $size: 0 } }];
  }
  return filter;
}

/**
 * Work an agent was claimed for and that is not open yet, as offered work: a claim of their capacity
 * reaches its interaction one command later, and until then the state machine must count it (a
 * reconciliation in between would otherwise undo the "offered" the claim wrote). Only a claim younger
 * than `settlesMs` counts: held capacity beyond the open work after that is stranded (the capacity check
 * gives it back), not work. `releasing`: the counter this reconciliation gives one back from.
 */
export function claimsInFlight(
  agent: { voice?: number; chats?: number; claimedAt?: Date | null },
  open: ReadonlyArray<{ channel: string }>,
  now: Date,
  settlesMs: number,
  releasing?: 'voice' | 'chats',
): Array<{ channel: 'voice' | 'chat'; answered: false }> {
  if (!agent.claimedAt || now.getTime() - agent.claimedAt.getTime() >= settlesMs) return [];
  const held = heldBy(open);
  const beyond = (field: 'voice' | 'chats') => Math.max(0, (agent[field] ?? 0) - (releasing === field ? 1 : 0) - held[field]);
  return [
    ...Array.from({ length: beyond('voice') }, () => ({ channel: 'voice' as const, answered: false as const })),
    ...Array.from({ length: beyond('chats') }, () => ({ channel: 'chat' as const, answered: false as const })),
  ];
}

/**
 * Whether an interaction's end leaves its agent with nothing open and a disposition owed, so that their
 * state follows from the end alone (after-call work), with no read of their work: it was the only work
 * their counts held (the write that follows checks the counts again), and it is owed by the rule routing
 * reads what is owed with (connected, not wrapped up, stored after `owedAfter`). At a busy floor's most
 * frequent end, a voice agent's answered call, this spares a read.
 */
export function endLeavesOnlyWrapUp(
  agent: { voice?: number; chats?: number },
  ended: { channel: string; state?: string; connectedAt?: Date | null; wrappedUpAt?: Date | null; createdAt?: Date | null },
  owedAfter: Date,
): boolean {
  const field = capacityField(ended.channel);
  const other = field === 'voice' ? 'chats' : 'voice';
  return (
    ended.state === 'ended' &&
    (agent[field] ?? 0) === 1 &&
    (agent[other] ?? 0) === 0 &&
    !!ended.connectedAt &&
    !ended.wrappedUpAt &&
    !!ended.createdAt &&
    ended.createdAt.getTime() > owedAfter.getTime()
  );
}
