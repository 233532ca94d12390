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
}

export interface Transition {
  /** Fields to set on the interaction. */
  set: Partial<Pick<CallSnapshot, 'state' | 'ringingAt' | 'answeredAt' | 'connectedAt' | 'endedAt'>>;
  /** The interaction needs an agent now (pop it to them). */
  route: boolean;
  /** The agent's capacity held by this interaction is free again. */
  release: boolean;
}

type Phase = 'start' | 'answer' | 'end' | 'message';
const PHASE: Record<CtiEventType, Phase> = {
  'call.ringing': 'start',
  'chat.started': 'start',
  'call.answered': 'answer',
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
    if (phase === 'answer') return { set: { state: 'active', answeredAt: at }, route: true, release: false };
    // A chat message before chat.started: the chat has evidently started.
    return { set: { state: 'ringing', ringingAt: at }, route: true, release: false };
  }
  const fill = <K extends 'ringingAt' | 'answeredAt' | 'connectedAt' | 'endedAt'>(k: K) => (current[k] ? {} : { [k]: at });
  // An answer connects the customer to an agent only when an agent holds the call; a platform's own
  // answer (an IVR, a queue announcement) is not one, and the queue figures must not count it.
  const connected = current.agentId ? fill('connectedAt') : {};
  switch (phase) {
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
      return { set: { state: 'ended', endedAt: at }, route: false, release: !!current.agentId };
  }
}
