import type { z } from 'zod';
import { ApiError as ApiErrorBody } from '@shared/schemas/common';

/** A failed API call: the server's `{ error: { code, message } }`, or a local code for network trouble. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** What the server sent beside the message (a 409 carries the record's current values). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let token: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** The bearer token sent with every request; the auth store keeps it current. */
export function setAuthToken(value: string | null): void {
  token = value;
}

/** Called when the server answers 401 to an authenticated request (expired or revoked token). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** 128 random bits as hex (crypto.randomUUID needs a secure context; plain-http LAN consoles are not one). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Back-off between retries of a write that got no answer. */
const RETRY_DELAYS_MS = [500, 1500, 4000];

interface RequestOptions {
  body?: unknown;
  /** Lets a request outlive the page, so notes typed just before closing the tab still arrive. */
  keepalive?: boolean;
}

/**
 * Sends one JSON request and parses the answer with its shared schema, so callers get the same types
 * (dates as `Date`) the server produced. Throws `ApiError` for every failure.
 */
export async function request<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  // One key per logical write, reused by its retries: the server applies it once (Idempotency-Key).
  const write = method === 'POST' || method === 'PATCH';
  if (write) headers['Idempotency-Key'] = newKey();

  let res: Response | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        keepalive: options.keepalive,
      });
    } catch {
      res = undefined;
    }
    // A write that got no answer may or may not have been applied: retry it with the same key, so
    // the server applies it once. (Answered errors, 503 included, go to the caller, which shows them.)
    const retry = write && res === undefined && attempt < RETRY_DELAYS_MS.length;
    if (!retry) break;
    await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
  }
  if (!res) throw new ApiError('NETWORK', 'Cannot reach the server. Check your connection.', 0);

  const payload: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401 && token) unauthorizedHandler?.();
    const body = ApiErrorBody.safeParse(payload);
    if (body.success) throw new ApiError(body.data.error.code, body.data.error.message, res.status, (payload as { error: { details?: unknown } }).error.details);
    const message =
      res.status >= 500 ? `The console server is not answering (${res.status}). Try again in a moment.` : `Request failed (${res.status} ${res.statusText}).`;
    throw new ApiError(`HTTP_${res.status}`, message, res.status);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${path}`, parsed.error);
    throw new ApiError('BAD_RESPONSE', 'The server sent an answer this screen does not understand.', res.status);
  }
  return parsed.data;
}

export const http = {
  get: <S extends z.ZodType>(path: string, schema: S) => request('GET', path, schema),
  post: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('POST', path, schema, { body }),
  put: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('PUT', path, schema, { body }),
  patch: <S extends z.ZodType>(path: string, body: unknown, schema: S, options: Omit<RequestOptions, 'body'> = {}) =>
    request('PATCH', path, schema, { ...options, body }),
};

/** A readable message for any error caught from the API or elsewhere. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
