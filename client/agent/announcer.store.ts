import { defineStore } from 'pinia';
import { nextTick, ref } from 'vue';

/**
 * The console's one polite live region: what a screen reader should say without moving the focus
 * (a pop's arrival, a prompt to take a new interaction). ConsoleView renders `message`.
 */
export const useAnnouncerStore = defineStore('announcer', () => {
  const message = ref('');

  /** Says `text`; the region is emptied first so the same words said twice are read twice. */
  function announce(text: string): void {
    message.value = '';
    void nextTick(() => (message.value = text));
  }

  function reset(): void {
    message.value = '';
  }

  return { message, announce, reset };
});
