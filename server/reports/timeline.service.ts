import { Types } from 'mongoose';
import type { AgentTimeline } from '../../shared/schemas/reports.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import { assertInScope, reportScope } from './scope.js';
import { dayRange } from './zone-days.js';
import { timelineSegments, type StateChange } from './timeline.js';

export interface TimelineRequest {
  agentId: string;
  day: string;
  tz: string;
}

/** Agents' activity timelines, read from the state log (written by routing only). */
export function createTimelineService(models: Models, now: () => Date = () => new Date()) {
  return {
    /**
     * One agent's day in `tz`, clipped to now when the day is today (a day still to come has no
     * stretches). Out of the user's scope: 403 before anything is read, so an id outside it says
     * nothing about whether that user exists.
     */
    async dayOf(req: TimelineRequest, user: TokenClaims): Promise<AgentTimeline> {
      assertInScope(await reportScope(models, user), { agentId: req.agentId });
      const agent = await models.User.findById(req.agentId, { username: 1, displayName: 1 }).lean<{ username: string; displayName?: string | null }>();
      if (!agent) throw notFound('user', 'no such agent');
      const { start, end: dayEnd } = dayRange(req.day, req.day, req.tz);
      const end = new Date(Math.min(dayEnd.getTime(), now().getTime()));
      const userId = new Types.ObjectId(req.agentId);
      const fields = { to: 1, reason: 1, at: 1 };
      // Both served by the log's { userId, at } index: the last change before the day, then the day's.
      const [before, changes] = await Promise.all([
        models.AgentStateLog.findOne({ userId, at: { $lt: start } }, fields).sort({ at: -1, _id: -1 }).lean<StateChange>(),
        end > start ? models.AgentStateLog.find({ userId, at: { $gte: start, $lt: end } }, fields).sort({ at: 1, _id: 1 }).lean<StateChange[]>() : [],
      ]);
      return {
        agentId: req.agentId,
        agentName: agent.displayName || agent.username,
        day: req.day,
        tz: req.tz,
        segments: timelineSegments(before, changes, start, end),
      };
    },
  };
}
export type TimelineService = ReturnType<typeof createTimelineService>;
