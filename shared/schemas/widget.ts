import { z } from 'zod';
import { Locale } from '../i18n/locales.js';
import type { Ack } from './common.js';
import { ChatAttachment } from './interaction.js';

/*
 * The website chat widget and the console: what crosses the visitors' Socket.IO namespace (`/visitor`)
 * and the widget's few HTTP routes. The widget (client/widget/, its own small bundle) and the server
 * (server/widget/) both read only this file.
 *
 * Handshake: `io(consoleUrl + '/visitor', { auth: { site, token? } })`. The console checks the page's
 * Origin against the site's allowed origins (refused: connect_error "origin not allowed"), and the
 * token, when given, against the site (an unknown or other site's token: a new visitor). The first
 * event the server sends is `visitor:session` with the token to keep (localStorage `cc-widget:<site>`),
 * the site's state and the visitor's conversation so far: a reload or a new tab continues it.
 *
 * HTTP (header `Authorization: Visitor <token>`, CORS for the site's origins only):
 * - `POST /api/widget/attachments?name=<file name>`, raw body (≤ WIDGET_ATTACHMENT_LIMIT, 5 MB), any
 *   Content-Type: the type is read from the content (PNG, JPEG, GIF, WebP, PDF; anything else 415) →
 *   201 `ChatAttachment`; then `chat:send` with its `attachmentId`.
 * - `GET /api/widget/attachments/:id`: a file of the visitor's own conversation (another's: 404).
 * - `GET /api/widget/transcript`: the visitor's conversation as text/plain, as a download.
 */

/** A site that embeds the widget (registered by an admin: `/api/widget-sites`). */
export const WidgetSite = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(100),
  /** Browser origins allowed to open the widget, e.g. `https://shop.example`. */
  origins: z.array(z.url().max(200)).min(1).max(20),
  /** The queue its chats go to. */
  queue: z.string().trim().min(1).max(64),
  /** Whether the site's identity secret is set (the secret itself is shown once, when made). */
  hasIdentitySecret: z.boolean(),
  archived: z.boolean().default(false),
});
export type WidgetSite = z.infer<typeof WidgetSite>;

export const WidgetSiteInput = WidgetSite.pick({ name: true, origins: true, queue: true }).strict();
export type WidgetSiteInput = z.infer<typeof WidgetSiteInput>;

/**
 * A host page that knows its logged-in customer vouches for them: `identifier` (the customer's id in
 * the console, or their e-mail) and `hash` = hex HMAC-SHA256(identifier, site's identity secret), made
 * by the host's server. A valid hash identifies the customer for sure; without one, identity is a hint.
 */
export const VisitorIdentity = z.object({ identifier: z.string().trim().min(1).max(256), hash: z.string().regex(/^[a-f0-9]{64}$/i).optional() }).strict();
export type VisitorIdentity = z.infer<typeof VisitorIdentity>;

/** The pre-chat form. */
export const PreChat = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(200).optional(),
    phone: z.string().trim().regex(/^[+\d][\d\s().-]{5,30}$/).optional(),
    question: z.string().trim().min(1).max(2000),
    /** The unticked box: stored as consent (purpose marketing, source `chat-widget`, the time). */
    marketingConsent: z.boolean(),
    locale: Locale.optional(),
    identity: VisitorIdentity.optional(),
  })
  .strict()
  .refine((p) => p.email || p.phone, { message: 'an e-mail or a phone number is needed', path: ['email'] });
export type PreChat = z.infer<typeof PreChat>;

/** Left when nobody is available or outside hours: becomes a callback task on the site's queue. */
export const CallbackRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: z.string().trim().regex(/^[+\d][\d\s().-]{5,30}$/),
    message: z.string().trim().max(2000).default(''),
  })
  .strict();
export type CallbackRequest = z.infer<typeof CallbackRequest>;

/** A message as the visitor sees it (no internal notes ever reach a visitor). */
export const VisitorMessage = z.object({
  /** The visitor's own id for a message they sent (a resend with the same id is stored once). */
  clientId: z.string().optional(),
  seq: z.number().int(),
  from: z.enum(['visitor', 'agent', 'system']),
  text: z.string(),
  at: z.string(),
  /** Agent messages: the agent's display name. */
  agentName: z.string().optional(),
  attachment: ChatAttachment.optional(),
});
export type VisitorMessage = z.infer<typeof VisitorMessage>;

export const VisitorSend = z
  .object({
    /** Made by the widget (a UUID); the ack of a resend after a reconnect is the message first stored. */
    clientId: z.string().min(8).max(64),
    text: z.string().trim().max(4000).default(''),
    attachmentId: z.string().regex(/^[a-f0-9]{24}$/i).optional(),
  })
  .strict()
  .refine((m) => m.text.length > 0 || m.attachmentId, { message: 'a message needs text or an attachment', path: ['text'] });
export type VisitorSend = z.infer<typeof VisitorSend>;

export const ChatRating = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).default('') }).strict();
export type ChatRating = z.infer<typeof ChatRating>;

/** Where the visitor's chat stands. */
export const ConversationState = z.enum(['none', 'waiting', 'active', 'ended']);
export type ConversationState = z.infer<typeof ConversationState>;

export interface VisitorConversation {
  state: ConversationState;
  /** The agent now handling it (after a transfer, the new one). */
  agentName?: string;
  messages: VisitorMessage[];
  /** The highest seq of the visitor's messages the agent has read. */
  readUpTo: number;
  /** Whether the visitor has rated this chat. */
  rated: boolean;
}

export interface VisitorSession {
  token: string;
  site: { name: string; queue: string };
  /** `open`: agents can take a chat now; `busy`: open but nobody available; `closed`: outside hours. */
  availability: 'open' | 'busy' | 'closed';
  /** Whether a callback request is taken now: always when open or busy; outside hours as the queue's settings say. */
  callbacks: boolean;
  conversation: VisitorConversation;
}

/** Console → visitor. */
export interface VisitorServerEvents {
  'visitor:session': (session: VisitorSession) => void;
  'visitor:availability': (a: Pick<VisitorSession, 'availability' | 'callbacks'>) => void;
  'chat:message': (message: VisitorMessage) => void;
  'chat:state': (s: { state: ConversationState; agentName?: string }) => void;
  'chat:typing': (t: { typing: boolean; agentName?: string }) => void;
  'chat:read': (r: { upTo: number }) => void;
}

/** Visitor → console (every one acknowledged; errors carry a code the widget words in its language). */
export interface VisitorClientEvents {
  'chat:start': (form: PreChat, ack: (res: Ack<VisitorConversation>) => void) => void;
  'chat:send': (message: VisitorSend, ack: (res: Ack<VisitorMessage>) => void) => void;
  'chat:typing': (t: { typing: boolean }) => void;
  /** The visitor has read the agent's messages up to this seq. */
  'chat:read': (r: { upTo: number }) => void;
  'chat:end': (ack: (res: Ack<VisitorConversation>) => void) => void;
  'chat:rate': (rating: ChatRating, ack: (res: Ack<{ rated: true }>) => void) => void;
  'callback:request': (req: CallbackRequest, ack: (res: Ack<{ id: string }>) => void) => void;
}
