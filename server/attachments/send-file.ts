import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AttachmentStore, StoredAttachment } from './attachment-store.js';

/** RFC 6266 / 5987: an ASCII fallback and the exact name, for every browser. */
function contentDisposition(kind: 'inline' | 'attachment', name: string) {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Streams a chat file with the type read from its content, never sniffed again by the browser; images
 * shown in place, PDFs (which can carry scripts and forms) saved rather than opened in the console's
 * origin; no script, style or frame may run from it; kept only in the viewer's own cache.
 */
export async function sendFile(res: Response, store: AttachmentStore, file: StoredAttachment) {
  const { attachment } = file;
  res.status(200);
  res.setHeader('Content-Type', attachment.type);
  res.setHeader('Content-Length', String(attachment.size));
  res.setHeader('Content-Disposition', contentDisposition(attachment.type === 'application/pdf' ? 'attachment' : 'inline', attachment.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, max-age=3600');
  // Who may see a file depends on who asks: no shared cache may answer one caller with another's copy.
  res.vary('Authorization');
  await pipeline(store.stream(attachment.id), res);
}
