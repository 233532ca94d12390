import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { Background } from '../ops/background.js';
import { createSignedOutbox, type SignedOutboxOptions } from './signed-outbox.js';

export interface OutboundChatMessage {
  callId: string;
  to: string;
  text: string;
  at: string;
  agent?: string;
  /** A file the agent sent: a reference (no URL; the console serves files only to the chat's own people). */
  attachment?: { id: string; name: string; type: string };
}

/** A chat handed to another agent or queue (`chat.transfer`, docs/cti-contract.md). */
export interface OutboundChatTransfer {
  callId: string;
  toAgent?: string;
  toQueue?: string;
  at: string;
}

export type ChatWebhookOptions = SignedOutboxOptions;

/** Website widget chats live in the console itself: nothing is posted to a platform for them. */
export const isWidgetChat = (callId: string) => callId.startsWith('web-');

/**
 * Sends agents' chat replies, and chat transfers, to the chat platform at CHAT_WEBHOOK_URL, signed
 * like inbound CTI events, through the outbox (signed-outbox.ts): stored before the agent's request is
 * answered, retried until the platform takes it, never sent twice.
 */
export function createChatWebhook(models: Models, opts: ChatWebhookOptions, background: Background, logger: Logger, processId: string) {
  const outbox = createSignedOutbox(models, 'chat', opts, background, logger, processId);
  return {
    /** Stores the reply for the platform (durably, before the caller answers the agent), then posts it. */
    async send(msg: OutboundChatMessage): Promise<void> {
      if (!(await outbox.enqueue(msg.callId, { type: 'chat.reply', ...msg }))) logger.debug({ callId: msg.callId }, 'chat webhook: no CHAT_WEBHOOK_URL, reply stored only');
    },
    /** Tells the platform the chat now belongs to another agent or queue (none for a widget chat). */
    async transfer(t: OutboundChatTransfer): Promise<void> {
      if (isWidgetChat(t.callId)) return;
      if (!(await outbox.enqueue(t.callId, { type: 'chat.transfer', ...t }))) logger.debug({ callId: t.callId }, 'chat webhook: no CHAT_WEBHOOK_URL, transfer not posted');
    },
    drain: outbox.drain,
    stop: outbox.stop,
  };
}
export type ChatWebhook = ReturnType<typeof createChatWebhook>;
