/**
 * What an error says beside its code, for the console to word it in the user's language
 * (`api.errors.<CODE>` with these parameters): numbers, names, codes — never sentences.
 */
export type ErrorParams = Record<string, unknown>;

/**
 * The one error type of the HTTP and socket layers: a specific code (what the console translates),
 * an English message (the fallback for API users and the logs), an HTTP status, and the code's
 * parameters.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(message);
  }
}

/** What a 404 can be about: each has its own sentence in the console (`api.notFound.<what>`). */
export type NotFoundWhat =
  | 'customer'
  | 'offer'
  | 'user'
  | 'interaction'
  | 'complaint'
  | 'campaign'
  | 'contact'
  | 'merge'
  | 'decision'
  | 'asset'
  | 'route'
  | 'importJob'
  | 'attachment'
  | 'callback'
  | 'cannedReply';

/** A 400 with a specific code. */
export const invalid = (code: string, message: string, params?: ErrorParams) => new AppError(code, message, 400, undefined, params);
/** A 409 with a specific code: the request is fine, the state of things refuses it. */
export const refused = (code: string, message: string, params?: ErrorParams, details?: unknown) => new AppError(code, message, 409, details, params);

export const badRequest = (message: string, details?: unknown, code = 'BAD_REQUEST', params?: ErrorParams) => new AppError(code, message, 400, details, params);
export const unauthorized = (message = 'authentication required', code = 'UNAUTHORIZED') => new AppError(code, message, 401);
export const forbidden = (message = 'your role may not do this', code = 'FORBIDDEN', params?: ErrorParams) => new AppError(code, message, 403, undefined, params);
/** `what` names the kind of record (a code the console words); `message` the English text when it says more. */
export const notFound = (what: NotFoundWhat, message = `${what} not found`, params?: ErrorParams) =>
  new AppError('NOT_FOUND', message, 404, undefined, { what, ...params });
export const conflict = (message: string, details?: unknown, code = 'CONFLICT', params?: ErrorParams) => new AppError(code, message, 409, details, params);
export const unavailable = (message: string, code = 'UNAVAILABLE') => new AppError(code, message, 503);
