import type { Models } from '../server/db/models.js';

/**
 * Why calls and chats never popped on an agent's socket during a run, from their interactions as the
 * database holds them at the end: never stored (the platform's event failed), ended without an agent
 * (the caller hung up while it waited in its queue), still waiting, or given to an agent whose screen
 * never showed it (the pop was not acknowledged: sent too late, or to a screen that was gone).
 */
export async function whyNotPopped(models: Models, callIds: string[]): Promise<Record<string, number>> {
  const reasons: Record<string, number> = {};
  const add = (why: string) => (reasons[why] = (reasons[why] ?? 0) + 1);
  const found = await models.Interaction.find({ callId: { $in: callIds } }, { callId: 1, state: 1, agentId: 1, popAckedAt: 1 }).lean();
  const byCall = new Map(found.map((i) => [i.callId, i]));
  for (const callId of callIds) {
    const i = byCall.get(callId);
    if (!i) add('never stored');
    else if (!i.agentId && i.state === 'ended') add('ended waiting for an agent');
    else if (!i.agentId) add(`still ${i.state}`);
    else if (i.popAckedAt) add('acknowledged after the run');
    else add(`given to an agent, never acknowledged (${i.state})`);
  }
  return reasons;
}

/** "ended waiting for an agent 41, still queued 3" (largest first), or "none". */
export const describeReasons = (reasons: Record<string, number>) =>
  Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([why, n]) => `${why} ${n}`)
    .join(', ') || 'none';
