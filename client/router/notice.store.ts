import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ScreenId } from '@shared/access/roles';
import { translate } from '@/i18n';

/** A notice by message key, translated when shown so it follows a language change. */
export interface NoticeMessage {
  key: string;
  /** The screen the message names (`{screen}`), said by its name in the user's language. */
  screen?: ScreenId;
}

/** A message about navigation the user did not ask for (a screen their role may not open). */
export const useNoticeStore = defineStore('notice', () => {
  /** The notice: a message key (see NoticeMessage), or a text already in the user's words. */
  const notice = ref<NoticeMessage | string | null>(null);
  const message = computed(() => {
    const n = notice.value;
    if (n === null || typeof n === 'string') return n;
    return translate(n.key, n.screen ? { screen: translate(`router.screens.${n.screen}`) } : {});
  });
  const show = (next: NoticeMessage | string) => (notice.value = next);
  const dismiss = () => (notice.value = null);
  return { notice, message, show, dismiss };
});
