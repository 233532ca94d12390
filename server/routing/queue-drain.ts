import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { EventBus } from '../events.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import type { Waiting } from '../interactions/interaction.repository.js';
import type { Background } from '../ops/background.js';

/** The states of an interaction that waits for an agent while it has none (a call the platform answered still does). */
const WAITING_STATES = ['queued', 'active'] as const;
export const waitsForAgent = (doc: Pick<InteractionDoc, 'agentId' | 'state'>) => !doc.agentId && (WAITING_STATES as readonly string[]).includes(doc.state);

/**
 * The queue offered to whoever is free: waiting interactions, oldest first, one drain at a time.
 *
 * A drain is asked for only when something may wait, as this process has seen: every write of an
 * interaction that leaves it waiting (the drain's own filter), and every change made by another process
 * or in bulk, counts one; a drain that found nothing, asked after the last count, clears them. An agent
 * freed while nothing waits then costs no query of the queue (one at every wrap-up of a busy floor). The
 * sweep drains regardless: work left waiting without a word here is offered within one sweep.
 *
 * Part of the routing service (routing.service.ts), which hands it the claim of one interaction.
 */
export function createQueueDrain(deps: {
  models: Pick<Models, 'Agent' | 'Interaction'>;
  bus: EventBus;
  background: Background;
  logger: Logger;
  assign: (i: Waiting) => Promise<boolean>;
}) {
  const { Agent, Interaction } = deps.models;
  let waitingSeen = 0;
  let clearedAt = -1;
  deps.bus.on('interaction:changed', ({ doc }) => {
    if (waitsForAgent(doc)) waitingSeen++;
  });
  deps.bus.on('interaction:changed-elsewhere', () => void waitingSeen++);
  deps.bus.on('interactions:changed', () => void waitingSeen++);

  let draining: Promise<void> | undefined;
  /** Offers waiting interactions, oldest first, to whoever is free now. */
  function drainQueue(): Promise<void> {
    draining ??= (async () => {
      try {
        const seen = waitingSeen;
        const waiting = await Interaction.find({ agentId: null, state: { $in: [...WAITING_STATES] } })
          .sort({ ringingAt: 1 })
          .limit(100)
          .lean();
        if (!waiting.length && seen === waitingSeen) clearedAt = seen;
        for (const i of waiting) {
          if (!(await Agent.exists({ state: { $in: ['available', 'on-chat'] }, presence: 'available', connections: { $gt: 0 } }))) break;
          await deps.assign(i);
        }
      } catch (err) {
        deps.logger.error({ err }, 'routing: draining the queue failed');
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  return {
    drainQueue,
    /** Offers the queue to whoever just became free, without the caller waiting; `always`: even when nothing was seen waiting. */
    drainSoon(always = false) {
      if (always || clearedAt !== waitingSeen) deps.background.run('draining the queue', () => drainQueue());
    },
  };
}
