import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import type { SurveyType } from '../../shared/schemas/enums.js';

export interface SurveyAnswer {
  customerId: Types.ObjectId;
  type: SurveyType;
  score: number;
  comment?: string;
  at: Date;
}

/**
 * The writer of customers' satisfaction answers (`surveys`) as they come in (a chat's rating today);
 * the seed, merges and erasure keep their own bulk paths. The picture's satisfaction panel reads them.
 */
export function createSurveyAnswers(models: Models) {
  return {
    async record(a: SurveyAnswer) {
      await models.Survey.create({ customerId: a.customerId, type: a.type, score: a.score, comment: a.comment || undefined, at: a.at });
    },
  };
}
export type SurveyAnswers = ReturnType<typeof createSurveyAnswers>;
