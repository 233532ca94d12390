import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ChatMessage } from '@shared/schemas/interaction';
import { errorMessage } from '@/api/http';
import { chatApi } from './chat.api';

// The same message can reach us three ways (pop transcript, `chat:message`, our own POST's answer).
const key = (m: ChatMessage) => `${m.from}|${new Date(m.at).getTime()}|${m.text}`;

export const useChatStore = defineStore('chat', () => {
  const transcripts = ref<Record<string, ChatMessage[]>>({});
  const sending = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, string>>({});

  /** Adds messages not seen yet, keeping the transcript in time order. */
  function merge(interactionId: string, messages: ChatMessage[]): void {
    const current = transcripts.value[interactionId] ?? [];
    const seen = new Set(current.map(key));
    const fresh = messages.filter((m) => !seen.has(key(m)));
    if (!fresh.length && transcripts.value[interactionId]) return;
    transcripts.value[interactionId] = [...current, ...fresh].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  }

  function receive(interactionId: string, message: ChatMessage): void {
    merge(interactionId, [message]);
  }

  /** Sends the agent's reply; returns whether it was accepted. */
  async function send(interactionId: string, text: string): Promise<boolean> {
    if (!text.trim()) return false;
    sending.value[interactionId] = true;
    delete errors.value[interactionId];
    try {
      receive(interactionId, await chatApi.reply(interactionId, text.trim()));
      return true;
    } catch (err) {
      errors.value[interactionId] = errorMessage(err);
      return false;
    } finally {
      delete sending.value[interactionId];
    }
  }

  function forget(interactionId: string): void {
    delete transcripts.value[interactionId];
    delete errors.value[interactionId];
  }

  function reset(): void {
    transcripts.value = {};
    sending.value = {};
    errors.value = {};
  }

  return { transcripts, sending, errors, merge, receive, send, forget, reset };
});
