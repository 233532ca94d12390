import type { Request, Response } from 'express';
import { AppError } from '../http/errors.js';
import { fileTooLarge } from './attachment-store.js';

/**
 * Reads a raw request body of at most `maxBytes`. A body declared larger (Content-Length) is refused
 * before a byte is read, and one that turns out larger is refused the moment it passes the limit: the
 * server never holds more than the limit and one chunk, whatever the client sends. A refused request's
 * connection is closed after the answer, so the rest of its body is never read.
 */
export async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding !== 'identity') throw new AppError('BAD_ENCODING', 'send the file as it is, without Content-Encoding', 415);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw refuse(req, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed when the loop stops early: the refusal is still to be answered on its connection.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw refuse(req, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function refuse(req: Request, maxBytes: number) {
  req.res?.setHeader('Connection', 'close');
  req.pause();
  return fileTooLarge(maxBytes);
}

/**
 * Wraps an upload route's work: a refusal answered before the body was read (not this chat, no
 * token, rate limited) closes the connection after the answer, instead of Node reading the unread
 * body to the end to reuse the connection.
 */
export function refusingUnread<T>(fn: (req: Request, res: Response) => Promise<T>) {
  return async (req: Request, res: Response): Promise<T> => {
    try {
      return await fn(req, res);
    } catch (err) {
      if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      throw err;
    }
  };
}
