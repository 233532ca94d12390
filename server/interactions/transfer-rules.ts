import { inGroup } from '../../shared/access/roles.js';
import type { Role } from '../../shared/schemas/auth.js';

/** Why a transfer is refused: a code the console words, the HTTP status, an English message. */
export interface TransferRefusal {
  code: string;
  status: 400 | 403 | 409;
  message: string;
  params?: Record<string, unknown>;
}

/**
 * Whether this user may transfer this interaction: a live inbound one, from its handling agent or a
 * supervisor/admin. Pure, so the refusals are a table (test/transfer/transfer-rules.test.ts).
 */
export function interactionRefusal(
  i: { state: string; direction?: string | null; agentId?: unknown },
  user: { userId: string; role: Role },
): TransferRefusal | null {
  if (i.direction === 'outbound') return { code: 'TRANSFER_OUTBOUND', status: 409, message: 'a telemarketer’s call is not transferred' };
  if (i.state === 'ended') return { code: 'INTERACTION_ENDED', status: 409, message: 'this interaction has ended' };
  if (!i.agentId) return { code: 'NOT_WITH_AN_AGENT', status: 409, message: 'this interaction is waiting for an agent: routing gives it to the next one' };
  if (String(i.agentId) !== user.userId && !inGroup(user.role, 'BACK_OFFICE'))
    return { code: 'OTHER_AGENTS_INTERACTION', status: 403, message: 'this interaction is handled by another agent' };
  return null;
}

/** What a transfer's named agent is, as read from their account and routing record. */
export interface TargetAgent {
  userId: string;
  role: string;
  disabled?: boolean | null;
  skills: string[];
  /** Routing's record; absent for an agent who never logged in. */
  live?: { connections: number; presence: string } | null;
}

/**
 * Whether the named agent can be handed this interaction now: an inbound agent other than its own,
 * logged in and ready (a busy one gets it when free, like any routed chat), with the queue's skill
 * (an agent without skills takes every queue, as routing has it).
 */
export function agentRefusal(target: TargetAgent | null, current: { agentId?: unknown; queue?: string | null }): TransferRefusal | null {
  if (!target || target.disabled || !inGroup(target.role as Role, 'INBOUND')) return { code: 'UNKNOWN_AGENT', status: 400, message: 'no inbound agent has this id' };
  if (String(current.agentId) === target.userId) return { code: 'TRANSFER_SAME_AGENT', status: 400, message: 'the interaction is already with this agent' };
  if (!target.live || target.live.connections <= 0 || target.live.presence !== 'available')
    return { code: 'AGENT_NOT_AVAILABLE', status: 409, message: 'this agent is not logged in and ready' };
  if (current.queue && target.skills.length && !target.skills.includes(current.queue))
    return { code: 'AGENT_LACKS_SKILL', status: 409, message: `this agent does not take the queue ${current.queue}`, params: { queue: current.queue } };
  return null;
}

/**
 * Whether a call through the console's own switch can be moved now (`carried`: what the switch bridge
 * knows of it, null when it does not carry it). The caller is moved by a SIP REFER: only a connected call
 * whose caller's side takes REFER can go; anything else would leave the caller on the first agent's phone
 * while the pop moved to another, so it is refused with the reason.
 */
export function switchCallRefusal(carried: { connected: boolean; takesRefer: boolean } | null): TransferRefusal | null {
  if (!carried) return { code: 'TRANSFER_SIP_CALL', status: 409, message: 'this console does not carry this call in its phone switch (it restarted since the call began)' };
  if (!carried.connected) return { code: 'TRANSFER_SIP_NOT_CONNECTED', status: 409, message: 'the call is not connected yet: answer it first' };
  if (!carried.takesRefer) return { code: 'TRANSFER_SIP_NO_REFER', status: 409, message: 'the caller’s phone or carrier does not take transfers (SIP REFER)' };
  return null;
}
