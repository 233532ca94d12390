import type { AgentBoardEntry } from '@shared/schemas/supervision';
import { agentStateLabel } from '@/agent/agent-state-labels';
import { formatDuration, formatNumber, formatPercent } from '@/format';
import { translate } from '@/i18n';

/**
 * A board state as the supervisor reads it: the agent's own states as the agent's bar names them,
 * plus the board's own outbound call. Call it while rendering, so a switched language re-renders.
 */
export function boardStateLabel(state: AgentBoardEntry['state']): string {
  return state === 'outbound' ? translate('supervision.states.outbound') : agentStateLabel(state);
}

/** `n%` in the user's digits, or an en dash when there is nothing to measure yet. */
export const percent = (rate: number | null) => (rate === null ? '–' : formatPercent(Math.round(rate * 100) / 100));

/** `mm:ss` (`h:mm:ss` past an hour) for waits and handle times in the user's digits, or an en dash. */
export function seconds(sec: number | null): string {
  if (sec === null) return '–';
  return formatDuration(Math.round(sec) * 1000);
}

/** A CSAT average (1–5) to one decimal in the user's digits, or an en dash with no rating yet. */
export const csatAverage = (avg: number | null | undefined) => (avg === null || avg === undefined ? '–' : formatNumber(Math.round(avg * 10) / 10));
