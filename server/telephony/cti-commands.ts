import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { Background } from '../ops/background.js';
import { createSignedOutbox, type SignedOutboxOptions } from '../chat/signed-outbox.js';

/** A call handed to another agent or queue (`call.transfer`, docs/cti-contract.md). */
export interface OutboundCallTransfer {
  callId: string;
  toAgent?: string;
  toQueue?: string;
  at: string;
}

/**
 * Commands to the telephony platform at CTI_COMMAND_URL (optional): signed with CTI_SECRET like the
 * events it sends us, through the same outbox as chat replies (retried, never sent twice). Without
 * the URL the console still transfers in its own routing; the platform is not told.
 */
export function createCtiCommands(models: Models, opts: SignedOutboxOptions, background: Background, logger: Logger, processId: string) {
  const outbox = createSignedOutbox(models, 'cti', opts, background, logger, processId);
  return {
    async transfer(t: OutboundCallTransfer): Promise<void> {
      if (!(await outbox.enqueue(t.callId, { type: 'call.transfer', ...t }))) logger.debug({ callId: t.callId }, 'cti commands: no CTI_COMMAND_URL, transfer not posted');
    },
    drain: outbox.drain,
    stop: outbox.stop,
  };
}
export type CtiCommands = ReturnType<typeof createCtiCommands>;
