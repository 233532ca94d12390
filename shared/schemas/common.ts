import { z } from 'zod';

/** A MongoDB ObjectId as text: 24 hex characters. The one pattern every id check uses (zod, routes, audit). */
export const OBJECT_ID = /^[a-f0-9]{24}$/i;

/** Whether a value is an ObjectId as text, before it reaches a query (`Types.ObjectId.isValid` also takes any 12-character string). */
export const isObjectIdString = (value: unknown): value is string => typeof value === 'string' && OBJECT_ID.test(value);

/** A MongoDB ObjectId as it crosses the wire. */
export const ObjectIdString = z.string().regex(OBJECT_ID, 'must be a 24-character hex id');

export const Channel = z.enum(['voice', 'chat']);
export type Channel = z.infer<typeof Channel>;

/** Error body of every 4xx/5xx answer and every failed acknowledgement. */
export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;

/** Socket.IO acknowledgement: either data or an error, never both. */
export type Ack<T> = { data: T } | { error: { code: string; message: string } };
