import { defineStore } from 'pinia';
import { ref } from 'vue';

/** A message about navigation the user did not ask for (a screen their role may not open). */
export const useNoticeStore = defineStore('notice', () => {
  const message = ref<string | null>(null);
  const show = (text: string) => (message.value = text);
  const dismiss = () => (message.value = null);
  return { message, show, dismiss };
});
