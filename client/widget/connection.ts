import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@shared/schemas/common';
import type { ChatAttachment } from '@shared/schemas/interaction';
import type { VisitorClientEvents, VisitorServerEvents } from '@shared/schemas/widget';

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

/** How long an ack may take before the widget treats the emit as unanswered (a resend follows on the next connection). */
const ACK_TIMEOUT_MS = 15_000;

/** The visitor's token for a site, kept so a reload or a new tab continues the same chat. */
export function tokenStore(site: string) {
  const key = `cc-widget:${site}`;
  return {
    get(): string | undefined {
      try {
        return localStorage.getItem(key) ?? undefined;
      } catch {
        return undefined; // storage blocked (a privacy setting): the chat lasts as long as the page
      }
    },
    set(token: string) {
      try {
        localStorage.setItem(key, token);
      } catch {
        /* as above */
      }
    },
  };
}

export function connect(origin: string, site: string, token: () => string | undefined): VisitorSocket {
  return io(`${origin}/visitor`, {
    // Read at every (re)connection: the token the first session gave is the one to continue with.
    auth: (cb) => cb(token() ? { site, token: token() } : { site }),
    // WebSocket first: a cross-origin handshake that needs no CORS preflight; long-polling when a proxy blocks it.
    transports: ['websocket', 'polling'],
    withCredentials: false,
  });
}

export type Answer<T> = { data: T } | { error: { code: string } };

/**
 * An acknowledged emit as a promise. Emits only on a live connection (Socket.IO would otherwise buffer
 * it and send it on reconnect, beside the widget's own resend); otherwise, or when no ack comes in time,
 * the answer is an OFFLINE or TIMEOUT error.
 */
export function request<T>(socket: VisitorSocket, emit: (ack: (res: Ack<T>) => void) => void): Promise<Answer<T>> {
  if (!socket.connected) return Promise.resolve({ error: { code: 'OFFLINE' } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: { code: 'TIMEOUT' } }), ACK_TIMEOUT_MS);
    emit((res) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

/** The widget's HTTP routes on the console (shared/schemas/widget.ts), with the visitor's token. */
export function widgetHttp(origin: string, token: () => string | undefined) {
  const headers = (): Record<string, string> => ({ Authorization: `Visitor ${token() ?? ''}` });
  const failure = async (res: Response): Promise<{ error: { code: string } }> => {
    const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
    const code = body?.error?.code ?? (res.status === 413 ? 'PAYLOAD_TOO_LARGE' : res.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : res.status === 429 ? 'RATE_LIMITED' : 'UNKNOWN');
    return { error: { code } };
  };
  return {
    async upload(file: File): Promise<Answer<ChatAttachment>> {
      try {
        const res = await fetch(`${origin}/api/widget/attachments?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { ...headers(), 'Content-Type': file.type || 'application/octet-stream' }, body: file });
        return res.ok ? { data: (await res.json()) as ChatAttachment } : failure(res);
      } catch {
        return { error: { code: 'OFFLINE' } };
      }
    },
    /** A file (an attachment, the transcript) as a blob: the token travels in a header, so no plain link can fetch it. */
    async blob(path: string): Promise<Answer<Blob>> {
      try {
        const res = await fetch(`${origin}${path}`, { headers: headers() });
        return res.ok ? { data: await res.blob() } : failure(res);
      } catch {
        return { error: { code: 'OFFLINE' } };
      }
    },
  };
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
