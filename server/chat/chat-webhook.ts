import type { Logger } from 'pino';
import { sign } from '../telephony/signature.js';

export interface OutboundChatMessage {
  callId: string;
  to: string;
  text: string;
  at: string;
  agent?: string;
}

/**
 * Sends agents' chat replies to the chat platform, signed like inbound CTI events
 * (`X-CTI-Signature: sha256=<HMAC of the body>`). Retries a few times with back-off; the reply is
 * already stored, so a platform outage never loses it.
 */
export function createChatWebhook(url: string | undefined, secret: string, logger: Logger) {
  async function post(body: string, attempt: number): Promise<void> {
    try {
      const res = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cti-signature': sign(body, secret) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`chat platform answered ${res.status}`);
    } catch (err) {
      if (attempt >= 3) return void logger.error({ err, attempt }, 'chat webhook: giving up on a reply');
      setTimeout(() => void post(body, attempt + 1), 500 * 2 ** attempt).unref();
    }
  }
  return {
    send(msg: OutboundChatMessage) {
      if (!url) return void logger.debug({ callId: msg.callId }, 'chat webhook: no CHAT_WEBHOOK_URL, reply stored only');
      void post(JSON.stringify({ type: 'chat.reply', ...msg }), 0);
    },
  };
}
export type ChatWebhook = ReturnType<typeof createChatWebhook>;
