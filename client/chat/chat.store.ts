import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ChatRead, ChatTyping, type ChatAttachment, type ChatMessage } from '@shared/schemas/interaction';
import { errorMessage } from '@/api/http';
import { getSocket, type ConsoleSocket } from '@/realtime/client';
import { chatApi } from './chat.api';

/** The agent stops "typing" for the customer after this long without a keystroke. */
export const TYPING_IDLE_MS = 3000;
/** While the agent keeps typing, "typing" is said again at most this often (the visitor's side lets it lapse). */
export const TYPING_REPEAT_MS = 2000;
/** A customer's "typing" that never got its "stopped" (a closed tab) fades after this long. */
export const CUSTOMER_TYPING_LAPSE_MS = 10_000;

// The same message can reach us three ways (pop transcript, `chat:message`, our own POST's answer).
// Its place in the chat (seq) says it is the same; messages from before seq existed fall back to this.
const fallbackKey = (m: ChatMessage) => `${m.from}|${new Date(m.at).getTime()}|${m.text}`;
const inOrder = (a: ChatMessage, b: ChatMessage) =>
  a.seq !== undefined && b.seq !== undefined ? a.seq - b.seq : new Date(a.at).getTime() - new Date(b.at).getTime();

export const useChatStore = defineStore('chat', () => {
  const transcripts = ref<Record<string, ChatMessage[]>>({});
  const sending = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, string>>({});
  /** The customer is typing now, by interaction. */
  const customerTyping = ref<Record<string, boolean>>({});
  /** The customer has read the agent's messages up to this seq, by interaction. */
  const customerReadUpTo = ref<Record<string, number>>({});
  /** What this screen last told the server the agent has read, by interaction. */
  const agentReadUpTo = ref<Record<string, number>>({});
  /** Attachments shown on this screen: object URLs of their bytes, by attachment id. */
  const attachmentUrls = ref<Record<string, string>>({});
  const attachmentErrors = ref<Record<string, string>>({});

  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const typingSaidAt = new Map<string, number>();
  const customerTypingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const attachmentLoads = new Map<string, Promise<string | null>>();

  /** Adds messages not seen yet, keeping the transcript in order. */
  function merge(interactionId: string, messages: ChatMessage[]): void {
    const current = transcripts.value[interactionId] ?? [];
    const seqs = new Set(current.flatMap((m) => (m.seq === undefined ? [] : [m.seq])));
    const keys = new Map(current.map((m) => [fallbackKey(m), m.seq]));
    const fresh: ChatMessage[] = [];
    for (const m of messages) {
      if (m.seq !== undefined && seqs.has(m.seq)) continue;
      // Two copies with different seqs are two messages; without a seq on either side, the old key decides.
      const known = keys.get(fallbackKey(m));
      if (keys.has(fallbackKey(m)) && (m.seq === undefined || known === undefined)) continue;
      fresh.push(m);
      if (m.seq !== undefined) seqs.add(m.seq);
      keys.set(fallbackKey(m), m.seq);
    }
    if (!fresh.length && transcripts.value[interactionId]) return;
    transcripts.value[interactionId] = [...current, ...fresh].sort(inOrder);
  }

  function receive(interactionId: string, message: ChatMessage): void {
    merge(interactionId, [message]);
    // Whatever the customer was typing has arrived.
    if (message.from === 'customer') setCustomerTyping(interactionId, false);
  }

  /** Sends the agent's reply (with a file uploaded first, if any); returns whether it was accepted. */
  async function send(interactionId: string, text: string, file?: File | null): Promise<boolean> {
    if (!text.trim() && !file) return false;
    stopTyping(interactionId);
    sending.value[interactionId] = true;
    delete errors.value[interactionId];
    try {
      const attachment = file ? await chatApi.upload(interactionId, file) : undefined;
      receive(interactionId, await chatApi.reply(interactionId, { text: text.trim(), ...(attachment ? { attachmentId: attachment.id } : {}) }));
      return true;
    } catch (err) {
      errors.value[interactionId] = errorMessage(err);
      return false;
    } finally {
      delete sending.value[interactionId];
    }
  }

  /** The agent typed in the chat's composer: tells the customer, at most every TYPING_REPEAT_MS, until they pause. */
  function typing(interactionId: string): void {
    const now = Date.now();
    if (now - (typingSaidAt.get(interactionId) ?? 0) >= TYPING_REPEAT_MS) {
      typingSaidAt.set(interactionId, now);
      getSocket()?.emit('chat:typing', { interactionId, typing: true });
    }
    clearTimeout(typingTimers.get(interactionId));
    typingTimers.set(interactionId, setTimeout(() => stopTyping(interactionId), TYPING_IDLE_MS));
  }

  /** The agent paused, sent or left: the customer's "typing…" goes away (said once, only after a "typing"). */
  function stopTyping(interactionId: string): void {
    clearTimeout(typingTimers.get(interactionId));
    typingTimers.delete(interactionId);
    if (!typingSaidAt.has(interactionId)) return;
    typingSaidAt.delete(interactionId);
    getSocket()?.emit('chat:typing', { interactionId, typing: false });
  }

  function setCustomerTyping(interactionId: string, on: boolean): void {
    clearTimeout(customerTypingTimers.get(interactionId));
    customerTypingTimers.delete(interactionId);
    if (!on) {
      delete customerTyping.value[interactionId];
      return;
    }
    customerTyping.value[interactionId] = true;
    customerTypingTimers.set(interactionId, setTimeout(() => setCustomerTyping(interactionId, false), CUSTOMER_TYPING_LAPSE_MS));
  }

  /** The agent has the chat in view: tells the customer up to which of their messages it is read. */
  function markRead(interactionId: string): void {
    const upTo = Math.max(0, ...(transcripts.value[interactionId] ?? []).filter((m) => m.from === 'customer' && m.seq !== undefined).map((m) => m.seq!));
    if (upTo <= (agentReadUpTo.value[interactionId] ?? 0)) return;
    agentReadUpTo.value[interactionId] = upTo;
    getSocket()?.emit('chat:read', { interactionId, upTo });
  }

  /** An object URL of an attachment's bytes (fetched once, with the agent's token); null when it cannot be read. */
  function attachmentUrl(attachment: ChatAttachment): Promise<string | null> {
    const have = attachmentUrls.value[attachment.id];
    if (have) return Promise.resolve(have);
    let load = attachmentLoads.get(attachment.id);
    if (!load) {
      load = chatApi
        .attachment(attachment.id)
        .then((blob) => (attachmentUrls.value[attachment.id] = URL.createObjectURL(blob)))
        .catch((err: unknown) => {
          attachmentErrors.value[attachment.id] = errorMessage(err);
          attachmentLoads.delete(attachment.id);
          return null;
        });
      attachmentLoads.set(attachment.id, load);
    }
    return load;
  }

  /** Typing and read marks from the customer (relayed by the server from the website visitor). */
  function listen(socket: ConsoleSocket): void {
    socket.on('chat:typing', (raw) => {
      const t = ChatTyping.safeParse(raw);
      if (t.success) setCustomerTyping(t.data.interactionId, t.data.typing);
      else console.error('Unreadable typing mark', raw);
    });
    socket.on('chat:read', (raw) => {
      const r = ChatRead.safeParse(raw);
      if (!r.success) return console.error('Unreadable read mark', raw);
      // Marks only move forward: a late or repeated one never takes a "Read" away.
      customerReadUpTo.value[r.data.interactionId] = Math.max(customerReadUpTo.value[r.data.interactionId] ?? 0, r.data.upTo);
    });
  }

  function dropTimers(interactionId?: string): void {
    for (const timers of [typingTimers, customerTypingTimers])
      for (const [id, timer] of timers) {
        if (interactionId && id !== interactionId) continue;
        clearTimeout(timer);
        timers.delete(id);
      }
  }

  function releaseAttachments(ids?: string[]): void {
    for (const id of ids ?? Object.keys(attachmentUrls.value)) {
      const url = attachmentUrls.value[id];
      if (url) URL.revokeObjectURL(url);
      delete attachmentUrls.value[id];
      attachmentLoads.delete(id);
    }
  }

  function forget(interactionId: string): void {
    stopTyping(interactionId);
    dropTimers(interactionId);
    releaseAttachments((transcripts.value[interactionId] ?? []).flatMap((m) => (m.attachment ? [m.attachment.id] : [])));
    delete transcripts.value[interactionId];
    delete errors.value[interactionId];
    delete customerTyping.value[interactionId];
    delete customerReadUpTo.value[interactionId];
    delete agentReadUpTo.value[interactionId];
  }

  function reset(): void {
    dropTimers();
    typingSaidAt.clear();
    releaseAttachments();
    transcripts.value = {};
    sending.value = {};
    errors.value = {};
    customerTyping.value = {};
    customerReadUpTo.value = {};
    agentReadUpTo.value = {};
    attachmentErrors.value = {};
  }

  return {
    transcripts,
    sending,
    errors,
    customerTyping,
    customerReadUpTo,
    agentReadUpTo,
    attachmentUrls,
    attachmentErrors,
    merge,
    receive,
    send,
    typing,
    stopTyping,
    markRead,
    attachmentUrl,
    listen,
    forget,
    reset,
  };
});
