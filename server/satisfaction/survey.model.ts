import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { SurveyType } from '../../shared/schemas/enums.js';
import { invalidatesPictures } from '../customers/picture-invalidation.js';

const SurveySchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: SurveyType.options, required: true },
    score: { type: Number, required: true },
    at: { type: Date, required: true },
    comment: String,
  },
  { strict: true },
);

// The picture's satisfaction panel: a customer's answers, newest first.
// Writes drop the snapshots of the pictures they change (the picture's read model).
invalidatesPictures(SurveySchema, 'part');
SurveySchema.index({ customerId: 1, at: -1 });

export type SurveyDoc = InferSchemaType<typeof SurveySchema> & { _id: Types.ObjectId };
const registerSurvey = (conn: Connection) => conn.model('Survey', SurveySchema);
export const surveyModel = (conn: Connection): ReturnType<typeof registerSurvey> =>
  (conn.models.Survey as ReturnType<typeof registerSurvey> | undefined) ?? registerSurvey(conn);
