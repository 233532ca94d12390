import { SYSTEM_NOT_READY_REASONS, type AgentLiveState, type NotReadyReason } from '@shared/realtime/agent-state';

/** How each true state reads, in the agent's bar and on the supervisors' board. */
export const AGENT_STATE_LABELS: Record<AgentLiveState, string> = {
  offline: 'Offline',
  'not-ready': 'Not ready',
  available: 'Available',
  offered: 'Ringing',
  'on-call': 'On a call',
  'on-chat': 'On chat',
  'after-call-work': 'After-call work',
};

/** A not-ready reason's label: a system one, a configured one, or the code itself for an archived one. */
export function reasonLabel(code: string | undefined, reasons: readonly NotReadyReason[]): string | undefined {
  if (!code) return undefined;
  if (code in SYSTEM_NOT_READY_REASONS) return SYSTEM_NOT_READY_REASONS[code as keyof typeof SYSTEM_NOT_READY_REASONS];
  return reasons.find((r) => r.code === code)?.label ?? code;
}
