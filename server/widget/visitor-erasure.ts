import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';

/**
 * A customer's erasure, as far as the widget holds them: the visitor sessions that named them (by the
 * customer found, or by their chats) lose the name, e-mail, phone and marketing answer the pre-chat form
 * took, and their chats' ratings lose the comment. Scores stay, as anonymous figures.
 */
export function widgetErasure(models: Models) {
  return async function forgetVisitor(customerId: Types.ObjectId, chatIds: Types.ObjectId[]): Promise<{ sessions: number; ratings: number }> {
    const theirs = { $or: [{ customerId }, { interactionId: { $in: chatIds } }] };
    const [sessions, ratings] = await Promise.all([
      models.VisitorSession.updateMany(theirs, { $unset: { name: 1, email: 1, phone: 1, marketingConsent: 1 } }),
      models.WidgetRating.updateMany({ ...theirs, comment: { $ne: '' } }, { $set: { comment: '' } }),
    ]);
    return { sessions: sessions.modifiedCount, ratings: ratings.modifiedCount };
  };
}
