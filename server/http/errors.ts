/** The one error type of the HTTP and socket layers: a code, a message for people, an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError('BAD_REQUEST', message, 400, details);
export const unauthorized = (message = 'authentication required') => new AppError('UNAUTHORIZED', message, 401);
export const forbidden = (message = 'your role may not do this') => new AppError('FORBIDDEN', message, 403);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`, 404);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, 409, details);
export const unavailable = (message: string) => new AppError('UNAVAILABLE', message, 503);
