import { AGENT_STATE_LABELS } from '@/agent/agent-state-labels';
import type { AgentBoardEntry, FeedEvent } from '@shared/schemas/supervision';

export const FEED_KIND_LABELS: Record<FeedEvent['kind'], string> = {
  started: 'Started',
  queued: 'Queued',
  offered: 'Offered',
  answered: 'Answered',
  ended: 'Ended',
  'wrapped-up': 'Wrapped up',
  offer: 'Offer',
  complaint: 'Complaint',
};

export const AGENT_BOARD_STATE_LABELS: Record<AgentBoardEntry['state'], string> = {
  ...AGENT_STATE_LABELS,
  outbound: 'Outbound call',
};

/** `n%` or an en dash when there is nothing to measure yet. */
export const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

/** `m:ss` for waits and handle times, or an en dash. */
export function seconds(sec: number | null): string {
  if (sec === null) return '–';
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
