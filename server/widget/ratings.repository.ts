import type { Types } from 'mongoose';
import type { EventBus } from '../events.js';
import type { SurveyAnswers } from '../satisfaction/survey-answers.js';
import type { WidgetRatingModel } from './widget-rating.model.js';

export interface NewRating {
  interactionId: Types.ObjectId;
  siteId: Types.ObjectId;
  queue?: string | null;
  agentId?: Types.ObjectId | null;
  agentName?: string | null;
  customerId?: Types.ObjectId | null;
  score: number;
  comment?: string;
  at: Date;
}

/**
 * The only writer of `widgetratings`: one rating per chat (the unique index refuses a second, even from
 * two tabs at once), a copy with the customer's satisfaction answers when we know who they are, and one
 * `chat:rated` event for the floor's figures.
 */
export function createRatingsRepository(ratings: WidgetRatingModel, surveys: SurveyAnswers, bus: EventBus) {
  return {
    /** False when the chat was rated already. */
    async record(r: NewRating): Promise<boolean> {
      let id: string;
      try {
        const doc = await ratings.create({ ...r, comment: r.comment ?? '' });
        id = String(doc._id);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
      if (r.customerId) await surveys.record({ customerId: r.customerId, type: 'csat', score: r.score, comment: r.comment, at: r.at });
      bus.emit('chat:rated', {
        rating: { id, interactionId: String(r.interactionId), queue: r.queue ?? undefined, agentId: r.agentId ? String(r.agentId) : undefined, score: r.score, at: r.at },
      });
      return true;
    },
  };
}
export type RatingsRepository = ReturnType<typeof createRatingsRepository>;
