import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { Background } from '../ops/background.js';
import { sign } from '../telephony/signature.js';

/** Which platform endpoint an outbox row goes to: the chat platform, or the telephony platform's commands. */
export type OutboxTarget = 'chat' | 'cti';

export interface SignedOutboxOptions {
  url?: string;
  secret: string;
  /** How often due retries (and posts left by a stopped process) are looked for. */
  pollMs: number;
  /** Attempts before a post is marked failed (and logged at error level). */
  maxAttempts: number;
  /** First retry delay; doubled on each attempt, at most 5 minutes. */
  retryBaseMs: number;
}

const CLAIM_MS = 30_000;

/**
 * Signed posts to a platform (`X-CTI-Signature: sha256=<HMAC of the body>`, as inbound CTI events are
 * signed), through an outbox in the database (`chatoutbox`, one `target` per endpoint): a post is
 * stored there before the agent's request is answered, posted at once, and retried with back-off until
 * the platform takes it, by whichever console process is running (a restart, or a process dying
 * mid-retry, loses nothing). A process claims a post before sending it, so two processes never send
 * one twice. The chat replies (chat-webhook.ts) and the telephony commands (telephony/cti-commands.ts)
 * are two of these.
 */
export function createSignedOutbox(models: Models, target: OutboxTarget, opts: SignedOutboxOptions, background: Background, logger: Logger, processId: string) {
  const { ChatOutbox } = models;
  // Rows stored before outboxes had targets are chat replies.
  const mineOnly: Record<string, unknown> = target === 'chat' ? { target: { $in: ['chat', null] } } : { target };
  let draining: Promise<void> | undefined;

  /** Claims the next due post for this process, or null. */
  async function claimNext() {
    const now = new Date();
    return ChatOutbox.findOneAndUpdate(
      { state: 'pending', nextAttemptAt: { $lte: now }, claimedUntil: { $lte: now }, ...mineOnly } as Record<string, unknown>,
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
    if (!res.ok) throw new Error(`${target} platform answered ${res.status}`);
  }

  /** Posts every due row, one at a time, until none is due. */
  function drain(): Promise<void> {
    draining ??= (async () => {
      try {
        for (let row = await claimNext(); row; row = await claimNext()) {
          const mine = { _id: row._id, claimedBy: processId };
          try {
            await post(row.body);
            await ChatOutbox.updateOne(mine, { $set: { state: 'sent', sentAt: new Date(), claimedUntil: new Date(0) }, $inc: { attempts: 1 } });
          } catch (err) {
            const attempts = row.attempts + 1;
            const failed = attempts >= opts.maxAttempts;
            const delay = Math.min(opts.retryBaseMs * 2 ** (attempts - 1), 300_000);
            await ChatOutbox.updateOne(mine, {
              $set: { state: failed ? 'failed' : 'pending', attempts, lastError: String((err as Error).message ?? err), nextAttemptAt: new Date(Date.now() + delay), claimedUntil: new Date(0) },
            });
            if (failed) logger.error({ err, callId: row.callId, attempts, target }, 'outbox: giving up on a post (kept in chatoutbox as failed)');
            else logger.warn({ err: (err as Error).message, callId: row.callId, attempts, retryInMs: delay, target }, 'outbox: the platform did not take a post; retrying');
          }
        }
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  const timer = opts.url ? setInterval(() => background.run(`outbox (${target}): sending due posts`, drain, 'warn'), opts.pollMs) : undefined;
  timer?.unref();

  return {
    /** Whether posts go anywhere (a URL is configured). */
    enabled: !!opts.url,
    /** Stores the body for the platform (durably, before the caller answers), then posts it. False without a URL. */
    async enqueue(callId: string, body: object): Promise<boolean> {
      if (!opts.url) return false;
      await ChatOutbox.create({ callId, target, body: JSON.stringify(body), nextAttemptAt: new Date() });
      background.run(`outbox (${target}): sending a post`, drain, 'warn');
      return true;
    },
    /** Posts whatever is due now (start-up, tests). */
    drain,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
export type SignedOutbox = ReturnType<typeof createSignedOutbox>;
