import type { Models } from '../db/models.js';
import { customerReassigner } from '../db/customer-reassign.js';

/**
 * The widget's documents that name a customer move with a merge (and back with its undo): a returning
 * visitor's session must not point at a customer merged away, nor a chat's rating.
 */
export const visitorSessionReassigner = (models: Models) => customerReassigner(models.VisitorSession);
export const widgetRatingReassigner = (models: Models) => customerReassigner(models.WidgetRating);
