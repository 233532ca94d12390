import { z } from 'zod';

/** A MongoDB ObjectId as it crosses the wire: 24 hex characters. */
export const ObjectIdString = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hex id');

export const Channel = z.enum(['voice', 'chat']);
export type Channel = z.infer<typeof Channel>;

/** Error body of every 4xx/5xx answer and every failed acknowledgement. */
export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;

/** Socket.IO acknowledgement: either data or an error, never both. */
export type Ack<T> = { data: T } | { error: { code: string; message: string } };
