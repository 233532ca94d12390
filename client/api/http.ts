import type { z } from 'zod';
import { ApiError as ApiErrorBody, type ErrorParams, ValidationIssue } from '@shared/schemas/common';
import { formatNumber } from '@/format';
import { hasMessage, isRightToLeft, translate } from '@/i18n';

/**
 * A failed API call: the server's `{ error: { code, message, params } }`, or a local code for network
 * trouble. `errorMessage` words it in the user's language; `message` is the English fallback.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** What the server sent beside the message (a 409 carries the record's current values). */
    readonly details?: unknown,
    /** The code's parameters (`{ what: 'customer' }`, `{ count: 2 }`), as the server sent them. */
    readonly params?: ErrorParams,
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
  if (!res.ok) throw failure(res, payload);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${path}`, parsed.error);
    throw new ApiError('BAD_RESPONSE', 'The server sent an answer this screen does not understand.', res.status);
  }
  return parsed.data;
}

/** The ApiError of an answered failure (`payload`: its JSON body, if any). */
function failure(res: Response, payload: unknown): ApiError {
  if (res.status === 401 && token) unauthorizedHandler?.();
  const body = ApiErrorBody.safeParse(payload);
  if (body.success)
    return new ApiError(body.data.error.code, body.data.error.message, res.status, (payload as { error: { details?: unknown } }).error.details, body.data.error.params);
  const message =
    res.status >= 500 ? `The console server is not answering (${res.status}). Try again in a moment.` : `Request failed (${res.status} ${res.statusText}).`;
  return new ApiError(`HTTP_${res.status}`, message, res.status, undefined, { status: res.status });
}

/** fetch with the token; a network failure is an ApiError like any other. */
async function authorizedFetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  try {
    return await fetch(path, { ...init, headers: { ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch {
    throw new ApiError('NETWORK', 'Cannot reach the server. Check your connection.', 0);
  }
}

/**
 * A file's bytes as the body (an upload: the server reads its type from the content), answered in
 * JSON like `request`. Not retried: an upload the server may have stored is repeated by the user.
 */
export async function upload<S extends z.ZodType>(path: string, file: Blob, schema: S): Promise<z.output<S>> {
  const res = await authorizedFetch(path, { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' }, body: file });
  const payload: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failure(res, payload);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', 'The server sent an answer this screen does not understand.', res.status);
  return parsed.data;
}

/** A file the token may read (a chat attachment), as a Blob for an object URL. */
export async function fetchBlob(path: string): Promise<Blob> {
  const res = await authorizedFetch(path);
  if (!res.ok) throw failure(res, await res.json().catch(() => undefined));
  return res.blob();
}

export const http = {
  get: <S extends z.ZodType>(path: string, schema: S) => request('GET', path, schema),
  post: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('POST', path, schema, { body }),
  put: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('PUT', path, schema, { body }),
  patch: <S extends z.ZodType>(path: string, body: unknown, schema: S, options: Omit<RequestOptions, 'body'> = {}) =>
    request('PATCH', path, schema, { ...options, body }),
};

/**
 * Text from the server (a name, a code, a field) inside a right-to-left sentence, isolated (FSI…PDI) so
 * its Latin letters and punctuation keep their order; left-to-right languages need no isolation.
 */
export function isolate(text: string): string {
  return isRightToLeft() ? `\u2068${text}\u2069` : text;
}

/** A message's parameters as shown: numbers in the user's digits (Persian ones for Persian), texts isolated. */
export function shownParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' && k !== 'status' ? formatNumber(v) : typeof v === 'string' ? isolate(v) : v]),
  );
}
const shown = shownParams;

/**
 * Refused fields listed in the user's language: "email (wrong format), name (required)". Also for an
 * import's refused rows. A check of the whole input (no field) says just what is wrong.
 */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  const parts = issues.map(({ field, issue, limit }) => {
    const key = hasMessage(`api.issues.${issue}`) && (limit !== undefined || !/^too_/.test(issue)) ? `api.issues.${issue}` : 'api.issues.invalid';
    const text = translate(key, { limit: limit === undefined ? '' : formatNumber(limit) });
    return field ? translate('api.issue', { field: isolate(field), issue: text }) : text;
  });
  return parts.join(translate('api.listSeparator'));
}

/** The refused fields of a VALIDATION error, or what was refused when the list is missing. */
function refusedFields(params: ErrorParams): string {
  const issues = ValidationIssue.array().safeParse(params.issues);
  if (!issues.success || issues.data.length === 0) return String(params.what ?? '');
  return describeIssues(issues.data);
}

/**
 * A failure in the user's language: the catalogue's `api.errors.<code>` with the server's parameters
 * (a 404 says what was not found, a validation error lists the fields), else the English message the
 * server sent. Also for socket acknowledgements (`{ error: { code, message, params } }`).
 */
export function describeError(error: { code: string; message: string; params?: ErrorParams }): string {
  const params = error.params ?? {};
  if (error.code === 'NOT_FOUND' && typeof params.what === 'string' && hasMessage(`api.notFound.${params.what}`))
    return translate(`api.notFound.${params.what}`, shown(params));
  if (error.code === 'VALIDATION') return translate('api.errors.VALIDATION', { fields: refusedFields(params) });
  const code = /^HTTP_5\d\d$/.test(error.code) ? 'SERVER_DOWN' : /^HTTP_\d+$/.test(error.code) ? 'HTTP' : error.code;
  const key = `api.errors.${code}`;
  if (!hasMessage(key)) return error.message;
  // A count chooses the plural form ("your last call" / "your last 3 calls").
  return typeof params.count === 'number' ? translate(key, shown(params), params.count) : translate(key, shown(params));
}

/** A readable message, in the user's language, for any error caught from the API or elsewhere. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return describeError({ code: err.code, message: err.message, params: { status: err.status, ...err.params } });
  if (err instanceof Error) return err.message;
  return translate('api.errors.UNKNOWN');
}
