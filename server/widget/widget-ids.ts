/*
 * How a chat from the website widget is told apart from a platform's: its call id is
 * `web-<visitor session id>-<n>` (the visitor's n-th chat) and it is addressed `to: widget:<site name>`.
 * Its platform events (synthesised by the widget) have ids of their own, and a visitor message's event id
 * carries the widget's client id, so a resend after a reconnect finds the message first stored.
 */

const CALL_ID = /^web-([a-f0-9]{24})-(\d+)$/;

export const widgetCallId = (sessionId: string, n: number) => `web-${sessionId}-${n}`;

/** Whether a chat came in through the widget (its agent replies go to the visitor, not to a chat platform). */
export const isWidgetCallId = (callId: string | null | undefined): boolean => !!callId && CALL_ID.test(callId);

/** The visitor session a widget chat belongs to, from its call id. */
export const sessionIdOfCallId = (callId: string): string | null => CALL_ID.exec(callId)?.[1] ?? null;

export const widgetTo = (siteName: string) => `widget:${siteName}`;

/** Event ids of the synthesised platform events of a visitor's chat. */
export const startEventId = (callId: string) => `${callId}:started`;
export const questionEventId = (callId: string) => `${callId}:question`;
export const endEventId = (callId: string) => `${callId}:ended`;

const MESSAGE_PREFIX = 'visitor:';
export const messageEventId = (clientId: string) => `${MESSAGE_PREFIX}${clientId}`;
/** The widget's client id of a stored visitor message (none for the pre-chat's question). */
export const clientIdOfEventId = (eventId: string | null | undefined): string | undefined =>
  eventId?.startsWith(MESSAGE_PREFIX) ? eventId.slice(MESSAGE_PREFIX.length) : undefined;

/** The one room a visitor's sockets (every tab) join: nothing else of the console reaches them. */
export const visitorRoom = (sessionId: string) => `visitor:${sessionId}`;
