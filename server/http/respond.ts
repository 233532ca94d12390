import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Wraps an async route so its result is sent as JSON and its errors reach the error middleware. */
export function handle(fn: (req: Request, res: Response) => Promise<unknown> | unknown, status = 200): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .then((body) => {
        if (!res.headersSent) res.status(status).json(body);
      })
      .catch(next);
  };
}
