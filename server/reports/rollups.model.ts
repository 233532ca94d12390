import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * The reports' own collections, written by reports/rollups.repository.ts only.
 *
 * `reportrollups`: summed figures per kind (queue, agent, state, offer, campaign), UTC half-hour and
 * dims (queue, channel, agent...). `sums` holds open-ended figures (a not-ready reason `nr:<code>`, a
 * disposition `disp:<code>`), hence Mixed.
 */
const ReportRollupSchema = new Schema(
  {
    kind: { type: String, required: true },
    /** `rollupKey` of its kind and dims (one string to be unique on). */
    key: { type: String, required: true },
    bucket: { type: Date, required: true },
    dims: { type: Schema.Types.Mixed, required: true },
    sums: { type: Schema.Types.Mixed, default: {} },
    labels: { type: Schema.Types.Mixed, default: undefined },
  },
  { strict: true, versionKey: false, minimize: false },
);
// One rollup per identity and half-hour: the upsert of every change finds it.
ReportRollupSchema.index({ key: 1, bucket: 1 }, { unique: true });
// A report: one kind's rollups over a range of half-hours.
ReportRollupSchema.index({ kind: 1, bucket: 1 });

/**
 * `reportdays`: the same figures per local day of the reporting time zone, with fewer dims (daily.ts):
 * what a report by day, week or month in that zone reads.
 */
const ReportDaySchema = new Schema(
  {
    kind: { type: String, required: true },
    key: { type: String, required: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    month: { type: String, required: true },
    dims: { type: Schema.Types.Mixed, required: true },
    sums: { type: Schema.Types.Mixed, default: {} },
    labels: { type: Schema.Types.Mixed, default: undefined },
  },
  { strict: true, versionKey: false, minimize: false },
);
ReportDaySchema.index({ key: 1, day: 1 }, { unique: true });
ReportDaySchema.index({ kind: 1, day: 1 });

/**
 * `reportfields`: every figure name each kind of rollup has ever been given (`nr:<reason>` and
 * `disp:<code>` come and go with the settings), so a report's pipeline names each sum it adds.
 */
const ReportFieldSchema = new Schema(
  {
    /** The rollup kind. */
    _id: { type: String, required: true },
    fields: { type: [String], default: [] },
  },
  { strict: true, versionKey: false },
);

/**
 * `reportfacts`: what each interaction contributed to the rollups, so a later write of it replaces its
 * old contribution instead of adding a second one.
 */
const ReportFactSchema = new Schema(
  {
    /** The interaction's id. */
    _id: { type: Schema.Types.ObjectId, required: true },
    contributions: { type: [Schema.Types.Mixed], default: [] },
  },
  { strict: true, versionKey: false },
);

/**
 * `reportagentcursors`: how far each agent's state log has been summed, and the state they are in since
 * then (its stretch is added when the next change comes; a report adds the open stretch up to now).
 */
const ReportAgentCursorSchema = new Schema(
  {
    /** The agent's user id. */
    _id: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    state: { type: String, required: true },
    reason: String,
    /** Log entries at exactly `at` already summed (two changes in one millisecond). */
    seen: { type: [Schema.Types.ObjectId], default: [] },
  },
  { strict: true, versionKey: false },
);

export type ReportRollupDoc = InferSchemaType<typeof ReportRollupSchema> & { _id: Types.ObjectId };
export type ReportAgentCursorDoc = InferSchemaType<typeof ReportAgentCursorSchema>;

const registerRollup = (conn: Connection) => conn.model('ReportRollup', ReportRollupSchema, 'reportrollups');
export const reportRollupModel = (conn: Connection): ReturnType<typeof registerRollup> =>
  (conn.models.ReportRollup as ReturnType<typeof registerRollup> | undefined) ?? registerRollup(conn);
const registerDay = (conn: Connection) => conn.model('ReportDay', ReportDaySchema, 'reportdays');
export const reportDayModel = (conn: Connection): ReturnType<typeof registerDay> =>
  (conn.models.ReportDay as ReturnType<typeof registerDay> | undefined) ?? registerDay(conn);
const registerField = (conn: Connection) => conn.model('ReportField', ReportFieldSchema, 'reportfields');
export const reportFieldModel = (conn: Connection): ReturnType<typeof registerField> =>
  (conn.models.ReportField as ReturnType<typeof registerField> | undefined) ?? registerField(conn);
const registerFact = (conn: Connection) => conn.model('ReportFact', ReportFactSchema, 'reportfacts');
export const reportFactModel = (conn: Connection): ReturnType<typeof registerFact> =>
  (conn.models.ReportFact as ReturnType<typeof registerFact> | undefined) ?? registerFact(conn);
const registerCursor = (conn: Connection) => conn.model('ReportAgentCursor', ReportAgentCursorSchema, 'reportagentcursors');
export const reportAgentCursorModel = (conn: Connection): ReturnType<typeof registerCursor> =>
  (conn.models.ReportAgentCursor as ReturnType<typeof registerCursor> | undefined) ?? registerCursor(conn);
