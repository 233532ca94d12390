import { z } from 'zod';
import { AgentLiveState } from '../realtime/agent-state.js';

/**
 * Who and where an interaction can be transferred to (`GET /api/interactions/:id/transfer-targets`):
 * the agents logged in, ready, and able to take its queue (never its own agent), and the known queues.
 */
export const TransferTargets = z.object({
  agents: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string().optional(), state: AgentLiveState })),
  queues: z.array(z.string()),
});
export type TransferTargets = z.infer<typeof TransferTargets>;

/** The answer of `POST /api/interactions/:id/transfer`. */
export const TransferDone = z.object({
  interactionId: z.string(),
  toAgent: z.string().optional(),
  toQueue: z.string().optional(),
});
export type TransferDone = z.infer<typeof TransferDone>;
