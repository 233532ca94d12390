import type { Role } from '../../shared/schemas/auth.js';
import type { EventBus } from '../events.js';
import { CALLBACKS_ALL_ROOM, type IO, callbackQueueRoom } from './io.js';

/**
 * The rooms a user's sockets join to follow callback tasks, as the list's visibility has it
 * (callbacks.service.ts): telemarketers and supervisors every queue; agents the queues they take
 * (their skills; none: every queue). Other roles none.
 */
export function callbackRooms(role: Role, skills: readonly string[]): string[] {
  if (role === 'telemarketer' || role === 'supervisor') return [CALLBACKS_ALL_ROOM];
  if (role === 'agent') return skills.length ? skills.map(callbackQueueRoom) : [CALLBACKS_ALL_ROOM];
  return [];
}

/** Each written callback task goes, as it now is, to the screens that list its queue. */
export function pushCallbacksToScreens(bus: EventBus, io: IO) {
  bus.on('callback:changed', ({ task }) => io.to([CALLBACKS_ALL_ROOM, callbackQueueRoom(task.queue)]).emit('callback:changed', task));
}
