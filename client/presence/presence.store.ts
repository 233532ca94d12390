import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PresenceChanged, PresenceViewer } from '@shared/realtime/events';
import { getSocket } from '@/realtime/client';

/**
 * Which pictures are open on this screen, and who else has the same customers open. The server only
 * knows what we tell it, so after a reconnect every open picture is announced again.
 */
export const usePresenceStore = defineStore('presence', () => {
  /** customerId → how many views of it are mounted here. */
  const open = ref<Record<string, number>>({});
  const viewers = ref<Record<string, PresenceViewer[]>>({});

  function opened(customerId: string): void {
    open.value[customerId] = (open.value[customerId] ?? 0) + 1;
    if (open.value[customerId] === 1) getSocket()?.emit('customer:viewing', { customerId });
  }

  function closed(customerId: string): void {
    const n = (open.value[customerId] ?? 0) - 1;
    if (n > 0) return void (open.value[customerId] = n);
    delete open.value[customerId];
    delete viewers.value[customerId];
    getSocket()?.emit('customer:left', { customerId });
  }

  function apply(change: PresenceChanged): void {
    if (open.value[change.customerId]) viewers.value[change.customerId] = change.viewers;
  }

  /** After a reconnect: tell the server again what is open here. */
  function announceAll(): void {
    const socket = getSocket();
    for (const customerId of Object.keys(open.value)) socket?.emit('customer:viewing', { customerId });
  }

  const openIds = () => Object.keys(open.value);

  function reset(): void {
    open.value = {};
    viewers.value = {};
  }

  return { open, viewers, opened, closed, apply, announceAll, openIds, reset };
});
