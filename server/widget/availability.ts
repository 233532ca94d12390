import type { VisitorSession } from '../../shared/schemas/widget.js';
import type { Models } from '../db/models.js';
import type { QueueHoursService } from '../queues/queue-hours.js';
import { agentClaimFilter } from '../routing/routing-choice.js';

export type Availability = VisitorSession['availability'];
/** What a visitor is told: whether chats are taken, and whether a callback request is. */
export type WidgetStatus = Pick<VisitorSession, 'availability' | 'callbacks'>;

/**
 * Whether a site's queue can take a chat now: `closed` outside its business hours, `busy` when no
 * connected agent could be given a chat of it (routing's own filter: available, with the skills the
 * queue's settings need, `skillsOf`, and room for one more chat), else `open`.
 */
export function createAvailability(models: Models, hours: Pick<QueueHoursService, 'isOpen'>, skillsOf?: (queue: string) => Promise<string[]>) {
  return async function availabilityOf(queue: string, at = new Date()): Promise<Availability> {
    if (!(await hours.isOpen(queue, at))) return 'closed';
    const needs = skillsOf ? await skillsOf(queue) : [];
    return (await models.Agent.exists(agentClaimFilter({ channel: 'chat', queue }, needs))) ? 'open' : 'busy';
  };
}
export type AvailabilityOf = ReturnType<typeof createAvailability>;

/**
 * A queue's availability and whether it takes callback requests now: open or busy, always; closed
 * (outside its hours), as its settings' "outside hours" say (a callback, or only the closed message).
 */
export function createStatus(availabilityOf: AvailabilityOf, outsideHoursOf?: (queue: string) => Promise<'callback' | 'closed'>) {
  return async function statusOf(queue: string, at = new Date()): Promise<WidgetStatus> {
    const availability = await availabilityOf(queue, at);
    const callbacks = availability !== 'closed' || !outsideHoursOf || (await outsideHoursOf(queue)) === 'callback';
    return { availability, callbacks };
  };
}
export type StatusOf = ReturnType<typeof createStatus>;
