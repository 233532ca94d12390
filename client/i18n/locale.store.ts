import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { type Locale, matchLocale } from '@shared/i18n/locales';
import { errorMessage } from '@/api/http';
import { authApi } from '@/auth/auth.api';
import { useAuthStore } from '@/auth/auth.store';
import { applyLocale, translate } from './index';

const browserLanguages = () => (typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/**
 * The language the console speaks: the signed-in user's choice, kept on the server with them, or the
 * browser's before login and for a user who never chose. Applying it sets the messages, the formats
 * and the page's `lang` and `dir`.
 */
export const useLocaleStore = defineStore('locale', () => {
  const auth = useAuthStore();
  const locale = ref<Locale>(auth.user?.language ?? matchLocale(browserLanguages()));
  const saving = ref(false);
  const error = ref<string | null>(null);

  /** Speaks `next`; a language whose messages cannot be fetched leaves the page in the one it speaks, and says so. */
  const speak = (next: Locale) =>
    applyLocale(next).catch((err: unknown) => {
      console.error(`could not load the ${next} messages`, err);
      error.value = translate('common.languageLoadFailed');
    });
  /** Settles once the first language is spoken: the page mounts after it, so its first paint is in it. */
  const ready = speak(locale.value);
  watch(locale, speak);
  // A login (or a logout) brings the user's own language, or the browser's.
  watch(
    () => auth.user?.language,
    (chosen) => {
      locale.value = chosen ?? matchLocale(browserLanguages());
    },
  );

  /** Switches now; a signed-in user's choice is saved with them for every screen and device. */
  async function choose(next: Locale): Promise<void> {
    locale.value = next;
    error.value = null;
    if (!auth.isLoggedIn) return;
    saving.value = true;
    try {
      auth.updateUser(await authApi.setLanguage({ language: next }));
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      saving.value = false;
    }
  }

  return { locale, saving, error, choose, ready };
});
