import { AgentLiveState, DEFAULT_NOT_READY_REASONS, SYSTEM_NOT_READY_REASONS, type NotReadyReason } from '@shared/realtime/agent-state';
import { translate } from '@/i18n';

/** How a true state reads, in the agent's bar and on the supervisors' board, in the user's language. */
export const agentStateLabel = (state: AgentLiveState): string => translate(`agent.states.${state}`);

/**
 * How each true state reads, in the user's language: each read translates afresh, so a template reading
 * it re-renders when the language changes. (Kept as a map for the screens that index it; a copy made
 * with a spread keeps the language of the moment it was made.)
 */
export const AGENT_STATE_LABELS: Readonly<Record<AgentLiveState, string>> = Object.defineProperties(
  {} as Record<AgentLiveState, string>,
  Object.fromEntries(AgentLiveState.options.map((s) => [s, { enumerable: true, get: () => agentStateLabel(s) }])),
);

/** The labels a new installation's reasons start with, by code (all in `agent.reasons.*`). */
const DEFAULT_LABELS = new Map(DEFAULT_NOT_READY_REASONS.map((r) => [r.code, r.label]));

/**
 * A not-ready reason's label in the user's language. The system's reasons (login, missed, acw-timeout)
 * are translated by code, and so are the ones a new installation starts with (break, lunch...) while
 * an admin has not renamed them; a reason an admin created or renamed reads as they wrote it, and an
 * archived one unknown here as its code.
 */
export function reasonLabel(code: string | undefined, reasons: readonly NotReadyReason[]): string | undefined {
  if (!code) return undefined;
  if (code in SYSTEM_NOT_READY_REASONS) return translate(`agent.reasons.${code}`);
  const configured = reasons.find((r) => r.code === code);
  const original = DEFAULT_LABELS.get(code);
  if (original !== undefined && (!configured || configured.label === original)) return translate(`agent.reasons.${code}`);
  return configured?.label ?? code;
}

/** A configured reason's name as offered in the switch: translated when its code is a known one. */
export const reasonName = (reason: NotReadyReason): string => reasonLabel(reason.code, [reason]) ?? reason.label;
