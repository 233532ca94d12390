import { z } from 'zod';

/** A MongoDB ObjectId as text: 24 hex characters. The one pattern every id check uses (zod, routes, audit). */
export const OBJECT_ID = /^[a-f0-9]{24}$/i;

/** Whether a value is an ObjectId as text, before it reaches a query (`Types.ObjectId.isValid` also takes any 12-character string). */
export const isObjectIdString = (value: unknown): value is string => typeof value === 'string' && OBJECT_ID.test(value);

/** A MongoDB ObjectId as it crosses the wire. */
export const ObjectIdString = z.string().regex(OBJECT_ID, 'must be a 24-character hex id');

export const Channel = z.enum(['voice', 'chat']);
export type Channel = z.infer<typeof Channel>;

/**
 * What an error says beside its code (`{ what: 'customer' }`, `{ count: 2 }`): the console words the
 * code in its user's language with these; `message` stays the English fallback for API users and logs.
 */
export const ErrorParams = z.record(z.string(), z.unknown());
export type ErrorParams = z.infer<typeof ErrorParams>;

/** One refused field of a VALIDATION error: its path, zod's issue code (or `required`), the limit broken. */
export const ValidationIssue = z.object({ field: z.string(), issue: z.string(), limit: z.number().optional() });
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/**
 * Zod's issues as the console words them: the field (`what` when the issue is about the whole input),
 * what is wrong (zod's code; `required` for a missing field; a custom check's own `params.code`), and
 * the limit broken (too short, too long).
 */
export function validationIssues(issues: readonly z.core.$ZodIssue[], what = ''): ValidationIssue[] {
  return issues.map((i) => {
    const field = i.path.map(String).join('.') || what;
    const custom = i.code === 'custom' && typeof i.params?.code === 'string' ? i.params.code : undefined;
    // A missing field, and an empty text where one is needed, are "required".
    const missing = (i.code === 'invalid_type' && /received undefined/.test(i.message)) || (i.code === 'too_small' && i.origin === 'string' && Number(i.minimum) === 1);
    if (!custom && missing) return { field, issue: 'required' };
    const issue = custom ?? i.code;
    const limit = i.code === 'too_small' ? i.minimum : i.code === 'too_big' ? i.maximum : undefined;
    return limit === undefined ? { field, issue } : { field, issue, limit: Number(limit) };
  });
}

/** Error body of every 4xx/5xx answer and every failed acknowledgement. */
export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), params: ErrorParams.optional() }) });
export type ApiError = z.infer<typeof ApiError>;

/** Socket.IO acknowledgement: either data or an error, never both. */
export type Ack<T> = { data: T } | { error: { code: string; message: string; params?: ErrorParams } };
