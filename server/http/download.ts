import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface Download {
  filename: string;
  contentType: string;
  lines: AsyncIterable<string>;
}

/**
 * Streams a file download line by line, honouring back-pressure. Errors before the first byte reach the
 * error middleware (a clear 4xx/5xx); after it the connection is cut, since the status is already sent.
 */
export function download(prepare: (req: Request) => Promise<Download> | Download): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { filename, contentType, lines } = await prepare(req);
      res.setHeader('content-type', contentType);
      res.setHeader('content-disposition', `attachment; filename="${filename}"`);
      // A client that goes away mid-download never drains: stop there, and leaving the loop ends the
      // source (its database cursor closes) instead of waiting on it for ever.
      const gone = new Promise<void>((ok) => res.once('close', ok));
      for await (const line of lines) {
        if (res.destroyed || res.closed) break;
        if (!res.write(line)) await Promise.race([new Promise((ok) => res.once('drain', ok)), gone]);
      }
      if (!res.destroyed) res.end();
    } catch (err) {
      if (res.headersSent) res.destroy(err as Error);
      else next(err);
    }
  };
}
