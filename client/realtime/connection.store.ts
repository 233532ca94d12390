import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export const useConnectionStore = defineStore('connection', () => {
  const status = ref<ConnectionStatus>('disconnected');
  /** When the socket last (re)connected: a pop re-sent after this is a duplicate, not a new call. */
  const connectedAt = ref<number | null>(null);

  function set(next: ConnectionStatus): void {
    status.value = next;
    if (next === 'connected') connectedAt.value = Date.now();
  }

  return { status, connectedAt, set };
});
