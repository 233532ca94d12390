import { io as connect, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/schemas/common.js';
import type { VisitorClientEvents, VisitorServerEvents, VisitorSession } from '../../shared/schemas/widget.js';
import type { TestApp } from '../support/app.js';

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

/**
 * A website visitor's widget, from Node: the page's Origin set by hand (a browser sets it itself).
 * Resolves with the socket and the first thing the console sends, the visitor's session.
 */
export async function openVisitor(t: TestApp, opts: { site: string; origin?: string; token?: string }): Promise<{ socket: VisitorSocket; session: VisitorSession }> {
  const socket: VisitorSocket = connect(`${t.base}/visitor`, {
    auth: { site: opts.site, ...(opts.token ? { token: opts.token } : {}) },
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const session = await new Promise<VisitorSession>((resolve, reject) => {
    socket.once('visitor:session', resolve);
    socket.once('connect_error', reject);
  }).catch((err: Error) => {
    socket.disconnect();
    throw err;
  });
  return { socket, session };
}

/** The reason a visitor's connection is refused (the connect_error's message). */
export async function refusedVisitor(t: TestApp, opts: { site: string; origin?: string; token?: string }): Promise<string> {
  try {
    const { socket } = await openVisitor(t, opts);
    socket.disconnect();
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  }
}

/** The next `event` on `socket` (listen before doing what sends it). */
export function next<T>(socket: { once(event: string, fn: (arg: T) => void): unknown }, event: string): Promise<T> {
  return new Promise<T>((resolve) => socket.once(event, resolve));
}

/** Emits a visitor event and resolves with its acknowledgement. */
export function ask<T>(socket: VisitorSocket, event: keyof VisitorClientEvents, ...args: unknown[]): Promise<Ack<T>> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<T>> } }).timeout(5000).emitWithAck(event, ...args);
}

/** The error code of an acknowledgement (undefined when it carried data). */
export const codeOf = (res: Ack<unknown>) => ('error' in res ? res.error.code : undefined);
export function dataOf<T>(res: Ack<T>): T {
  if ('error' in res) throw new Error(`refused: ${res.error.code} ${res.error.message}`);
  return res.data;
}
