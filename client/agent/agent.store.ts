import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AgentPresence, NotReadyReason } from '@shared/realtime/agent-state';
import type { AgentStatus } from '@shared/realtime/events';
import { describeError, errorMessage } from '@/api/http';
import { translate } from '@/i18n';
import { getSocket } from '@/realtime/client';
import { agentStatesApi } from './agent-states.api';
import { reasonLabel } from './agent-state-labels';

const ACK_TIMEOUT_MS = 5000;

export { AGENT_STATE_LABELS } from './agent-state-labels';

export const useAgentStore = defineStore('agent', () => {
  const status = ref<AgentStatus | null>(null);
  /** The choice being requested while the server has not yet acknowledged it. */
  const pending = ref<AgentPresence | null>(null);
  const error = ref<string | null>(null);
  /** The not-ready reasons an admin configured (the active ones are offered). */
  const reasons = ref<NotReadyReason[]>([]);
  /** The reason the agent picked last: "Not ready" uses it again. */
  const lastReason = ref<string>('break');

  const activeReasons = computed(() => reasons.value.filter((r) => r.active));
  const reasonText = computed(() => reasonLabel(status.value?.reason, reasons.value));

  /** The server's word on our state, pushed by `agent:state-changed` or returned by an ack. */
  function applyStatus(next: AgentStatus): void {
    // A refusal explained the state the agent was in; once that state moves on it no longer applies.
    if (status.value && (status.value.state !== next.state || status.value.presence !== next.presence)) error.value = null;
    status.value = next;
  }

  async function loadReasons(): Promise<void> {
    try {
      reasons.value = await agentStatesApi.reasons();
      if (!activeReasons.value.some((r) => r.code === lastReason.value) && activeReasons.value[0]) lastReason.value = activeReasons.value[0].code;
    } catch (err) {
      // Not fatal: "Not ready" still sends the last reason; the next connection tries again.
      console.warn('could not load the not-ready reasons', err);
    }
  }

  /**
   * Asks the server to make us available, or not ready for a reason (the last one picked by default);
   * the switch shows the new choice only once it is acknowledged. The server refuses, with why, when
   * wrap-up is owed.
   */
  async function setState(state: AgentPresence, reason?: string): Promise<boolean> {
    const socket = getSocket();
    if (!socket?.connected) {
      error.value = translate('agent.stateSwitch.notConnected');
      return false;
    }
    if (state === 'not-ready' && reason) lastReason.value = reason;
    pending.value = state;
    error.value = null;
    try {
      const req = state === 'available' ? ({ state } as const) : ({ state, reason: reason ?? lastReason.value } as const);
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:state', req);
      if ('error' in res) {
        error.value = describeError(res.error);
        // The reason was archived since the menu was read: read it again, so the next pick is one that works.
        if (res.error.code === 'REASON_NOT_ALLOWED') void loadReasons();
        return false;
      }
      applyStatus(res.data);
      return true;
    } catch (err) {
      error.value = err instanceof Error && /timed out/i.test(err.message) ? translate('agent.stateSwitch.noAnswer') : errorMessage(err);
      return false;
    } finally {
      pending.value = null;
    }
  }

  function reset(): void {
    status.value = null;
    pending.value = null;
    error.value = null;
    reasons.value = [];
    lastReason.value = 'break';
  }

  return { status, pending, error, reasons, activeReasons, lastReason, reasonText, applyStatus, loadReasons, setState, reset };
});
