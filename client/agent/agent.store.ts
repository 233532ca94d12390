import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AgentState, AgentStatus } from '@shared/realtime/events';
import { errorMessage } from '@/api/http';
import { getSocket } from '@/realtime/client';

const ACK_TIMEOUT_MS = 5000;

export const AGENT_STATE_LABELS: Record<AgentStatus['state'], string> = {
  available: 'Available',
  away: 'Away',
  'wrap-up': 'Wrap-up',
  offline: 'Offline',
};

export const useAgentStore = defineStore('agent', () => {
  const status = ref<AgentStatus | null>(null);
  /** The state being requested while the server has not yet acknowledged it. */
  const pending = ref<AgentState | null>(null);
  const error = ref<string | null>(null);

  /** The server's word on our state, pushed by `agent:state-changed` or returned by an ack. */
  function applyStatus(next: AgentStatus): void {
    status.value = next;
  }

  /** Asks the server to change our state; the switch shows the new state only once it is acknowledged. */
  async function setState(state: AgentState): Promise<boolean> {
    const socket = getSocket();
    if (!socket?.connected) {
      error.value = 'Not connected: the state cannot change until the connection is back.';
      return false;
    }
    pending.value = state;
    error.value = null;
    try {
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:state', { state });
      if ('error' in res) {
        error.value = res.error.message;
        return false;
      }
      applyStatus(res.data);
      return true;
    } catch (err) {
      error.value = err instanceof Error && /timed out/i.test(err.message) ? 'The server did not answer. Try again.' : errorMessage(err);
      return false;
    } finally {
      pending.value = null;
    }
  }

  function reset(): void {
    status.value = null;
    pending.value = null;
    error.value = null;
  }

  return { status, pending, error, applyStatus, setState, reset };
});
