import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { Background } from '../ops/background.js';
import { sign } from '../telephony/signature.js';

export interface OutboundChatMessage {
  callId: string;
  to: string;
  text: string;
  at: string;
  agent?: string;
  /** A file the agent sent: a reference (no URL; the console serves files only to the chat's own people). */
  attachment?: { id: string; name: string; type: string };
}

export interface ChatWebhookOptions {
  url?: string;
  secret: string;
  /** How often due retries (and replies left by a stopped process) are looked for. */
  pollMs: number;
  /** Attempts before a reply is marked failed (and logged at error level). */
  maxAttempts: number;
  /** First retry delay; doubled on each attempt, at most 5 minutes. */
  retryBaseMs: number;
}

const CLAIM_MS = 30_000;

/**
 * Sends agents' chat replies to the chat platform, signed like inbound CTI events
 * (`X-CTI-Signature: sha256=<HMAC of the body>`), through an outbox in the database
 * (`chatoutbox`): a reply is stored there before the agent's request is answered, posted at once, and
 * retried with back-off until the platform takes it, by whichever console process is running (a
 * restart, or a process dying mid-retry, loses nothing). A process claims a reply before posting it,
 * so two processes never send one twice.
 */
export function createChatWebhook(models: Models, opts: ChatWebhookOptions, background: Background, logger: Logger, processId: string) {
  const { ChatOutbox } = models;
  let draining: Promise<void> | undefined;

  /** Claims the next due reply for this process, or null. */
  async function claimNext() {
    const now = new Date();
    return ChatOutbox.findOneAndUpdate(
      { state: 'pending', nextAttemptAt: { $lte: now }, claimedUntil: { $lte: now } },
      { $set: { claimedBy: processId, claimedUntil: new Date(now.getTime() + CLAIM_MS) } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    ).lean();
  }

  async function post(body: string) {
    const res = await fetch(opts.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cti-signature': sign(body, opts.secret) },
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`chat platform answered ${res.status}`);
  }

  /** Posts every due reply, one at a time, until none is due. */
  function drain(): Promise<void> {
    draining ??= (async () => {
      try {
        for (let reply = await claimNext(); reply; reply = await claimNext()) {
          const mine = { _id: reply._id, claimedBy: processId };
          try {
            await post(reply.body);
            await ChatOutbox.updateOne(mine, { $set: { state: 'sent', sentAt: new Date(), claimedUntil: new Date(0) }, $inc: { attempts: 1 } });
          } catch (err) {
            const attempts = reply.attempts + 1;
            const failed = attempts >= opts.maxAttempts;
            const delay = Math.min(opts.retryBaseMs * 2 ** (attempts - 1), 300_000);
            await ChatOutbox.updateOne(mine, {
              $set: { state: failed ? 'failed' : 'pending', attempts, lastError: String((err as Error).message ?? err), nextAttemptAt: new Date(Date.now() + delay), claimedUntil: new Date(0) },
            });
            if (failed) logger.error({ err, callId: reply.callId, attempts }, 'chat webhook: giving up on a reply (kept in chatoutbox as failed)');
            else logger.warn({ err: (err as Error).message, callId: reply.callId, attempts, retryInMs: delay }, 'chat webhook: the platform did not take a reply; retrying');
          }
        }
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  const timer = opts.url ? setInterval(() => background.run('chat webhook: sending due replies', drain, 'warn'), opts.pollMs) : undefined;
  timer?.unref();

  return {
    /** Stores the reply for the platform (durably, before the caller answers the agent), then posts it. */
    async send(msg: OutboundChatMessage): Promise<void> {
      if (!opts.url) return void logger.debug({ callId: msg.callId }, 'chat webhook: no CHAT_WEBHOOK_URL, reply stored only');
      await ChatOutbox.create({ callId: msg.callId, body: JSON.stringify({ type: 'chat.reply', ...msg }), nextAttemptAt: new Date() });
      background.run('chat webhook: sending a reply', drain, 'warn');
    },
    /** Posts whatever is due now (start-up, tests). */
    drain,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
export type ChatWebhook = ReturnType<typeof createChatWebhook>;
