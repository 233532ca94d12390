import type { FeedEvent, FeedFilter } from '../schemas/supervision.js';

/**
 * Whether a feed event belongs to the feed a supervisor asked for: every field the filter sets must
 * match, an empty filter takes everything. One rule for both sides: the server filters what it sends,
 * the screen drops stragglers that arrive after the filter changed, and the two must never disagree.
 */
export function matchesFilter(e: FeedEvent, f: FeedFilter): boolean {
  return (
    (!f.team || e.team === f.team) &&
    (!f.queue || e.queue === f.queue) &&
    (!f.campaign || e.campaign === f.campaign) &&
    (!f.channel || e.channel === f.channel) &&
    (!f.agentId || e.agentId === f.agentId)
  );
}
