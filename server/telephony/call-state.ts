import type { CtiEventType } from '../../shared/schemas/cti.js';
import type { InteractionState } from '../../shared/schemas/interaction.js';

export interface CallSnapshot {
  state: InteractionState;
  ringingAt?: Date | null;
  answeredAt?: Date | null;
  /** When an agent was connected (see interaction.model.ts `connectedAt`). */
  connectedAt?: Date | null;
  endedAt?: Date | null;
  agentId?: unknown;
  /** Since when the caller is on hold (absent: not on hold). */
  heldAt?: Date | null;
  /** Hold time of earlier holds, and how many holds there were. */
  holdMs?: number | null;
  holdCount?: number | null;
}

export interface Transition {
  /** Fields to set on the interaction. */
  set: Partial<Pick<CallSnapshot, 'state' | 'ringingAt' | 'answeredAt' | 'connectedAt' | 'endedAt' | 'heldAt' | 'holdMs' | 'holdCount'>>;
  /** The interaction needs an agent now (pop it to them). */
  route: boolean;
  /** The agent's capacity held by this interaction is free again. */
  release: boolean;
}

type Phase = 'start' | 'answer' | 'hold' | 'resume' | 'end' | 'message';
const PHASE: Record<CtiEventType, Phase> = {
  'call.ringing': 'start',
  'chat.started': 'start',
  'call.answered': 'answer',
  'call.held': 'hold',
  'call.resumed': 'resume',
  'call.ended': 'end',
  'chat.ended': 'end',
  'chat.message': 'message',
};


/**
 * The per-call state machine. Events may arrive late or out of order (an `ended` before its
 * `ringing`, an `answered` after `ended`): a late event fills in its timestamp but never moves the
 * call backwards, and only a live call is routed.
 */
export function transition(current: CallSnapshot | null, type: CtiEventType, at: Date): Transition {
  const phase = PHASE[type];
  if (!current) {
    if (phase === 'end') return { set: { state: 'ended', endedAt: at }, route: false, release: false };
    // A hold is only possible on an answered call: heard of first, it says the call was answered.
    if (phase === 'answer' || phase === 'resume') return { set: { state: 'active', answeredAt: at }, route: true, release: false };
    if (phase === 'hold') return { set: { state: 'active', answeredAt: at, heldAt: at }, route: true, release: false };
    // A chat message before chat.started: the chat has evidently started.
    return { set: { state: 'ringing', ringingAt: at }, route: true, release: false };
  }
  const fill = <K extends 'ringingAt' | 'answeredAt' | 'connectedAt' | 'endedAt'>(k: K) => (current[k] ? {} : { [k]: at });
  // An answer connects the customer to an agent only when an agent holds the call; a platform's own
  // answer (an IVR, a queue announcement) is not one, and the queue figures must not count it.
  const connected = current.agentId ? fill('connectedAt') : {};
  /** The hold in progress, closed at `at` (a hold that ends the call ends with it). */
  const closeHold = () => {
    if (!current.heldAt) return {};
    const held = Math.max(0, at.getTime() - new Date(current.heldAt).getTime());
    return { heldAt: null, holdMs: (current.holdMs ?? 0) + held, holdCount: (current.holdCount ?? 0) + 1 };
  };
  switch (phase) {
    case 'hold':
      // Only a call with its agent is held (a platform's music while queued is waiting, not hold); a
      // second hold while held (a re-offer repeated) keeps the first's start.
      return { set: current.state !== 'active' || current.heldAt ? {} : { heldAt: at }, route: false, release: false };
    case 'resume':
      return { set: current.state === 'ended' ? {} : closeHold(), route: false, release: false };
    case 'start':
    case 'message':
      return { set: fill('ringingAt'), route: false, release: false };
    case 'answer':
      if (current.state === 'ended') {
        const late = !current.answeredAt && current.endedAt && at <= current.endedAt ? { answeredAt: at, ...connected } : {};
        return { set: late, route: false, release: false };
      }
      if (current.state === 'active') return { set: { ...fill('answeredAt'), ...connected }, route: false, release: false };
      // Answered while waiting: if nobody holds it yet it still needs an agent.
      return { set: { state: 'active', ...fill('answeredAt'), ...connected }, route: !current.agentId, release: false };
    case 'end':
      if (current.state === 'ended') return { set: fill('endedAt'), route: false, release: false };
      return { set: { state: 'ended', endedAt: at, ...closeHold() }, route: false, release: !!current.agentId };
  }
}
