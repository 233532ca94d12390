import type { AgentLiveState, AgentPresence, AgentStateRequest } from './agent-state.js';

/** What routing knows of one agent when it decides their state (no I/O: the server gathers these). */
export interface AgentFacts {
  /** Open screens of the agent, across console processes. */
  connections: number;
  /** What the agent chose (or the system chose for them: a missed offer, a new login). */
  presence: AgentPresence;
  /** The agent's interactions that have not ended. */
  open: ReadonlyArray<{ channel: string; answered: boolean }>;
  /** Ended interactions the agent answered and has not yet recorded a disposition for. */
  owed: number;
  /** After-call work ran past its limit: the owed dispositions no longer hold the agent. */
  acwExpired: boolean;
}

/**
 * The agent's true state from the facts. Work comes first (a call rules over chats, an answered
 * interaction over one still offered), then owed wrap-up, then the agent's own choice.
 */
export function liveState(f: AgentFacts): AgentLiveState {
  if (f.connections <= 0) return 'offline';
  const voice = f.open.filter((i) => i.channel === 'voice');
  const chats = f.open.filter((i) => i.channel !== 'voice');
  if (voice.some((i) => i.answered)) return 'on-call';
  if (voice.length) return 'offered';
  if (chats.some((i) => i.answered)) return 'on-chat';
  if (chats.length) return 'offered';
  if (f.owed > 0 && !f.acwExpired) return 'after-call-work';
  return f.presence;
}

/**
 * Whether this one open interaction decides the agent's state whatever else is open or owed (an
 * answered call rules over everything but having no screen): routing then needs no read of the rest.
 */
export function decidesAlone(i: { channel: string; answered: boolean }): boolean {
  return i.channel === 'voice' && i.answered;
}

/**
 * Whether routing may hand the agent a new call (`voice`) or another chat (`chat`): an idle available
 * agent takes either; one chatting takes more chats unless they chose not ready (they finish theirs).
 */
export function takesWork(state: AgentLiveState, presence: AgentPresence, channel: 'voice' | 'chat'): boolean {
  return state === 'available' || (channel === 'chat' && state === 'on-chat' && presence === 'available');
}

/**
 * Whether the agent may make this choice now, and if not, why (shown to them). Not ready may be chosen
 * at any time (during a call it takes effect when the work is done); available is refused while a
 * disposition is owed, so wrap-up cannot be skipped.
 */
export function refusal(state: AgentLiveState, owed: number, req: AgentStateRequest): string | null {
  if (req.state !== 'available' || owed === 0) return null;
  if (state === 'after-call-work')
    return owed === 1 ? 'Record the disposition of your last call first.' : `Record the dispositions of your last ${owed} calls first.`;
  return null;
}
