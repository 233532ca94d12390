import { getActivePinia } from 'pinia';
import { watch } from 'vue';
import { useAuthStore } from '@/auth/auth.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { resetAllStores } from '@/stores/resettable';
import { connect, disconnect } from './socket';

/**
 * Keeps the socket in step with the login: connects with the token, and on logout disconnects and
 * forgets everything the previous user saw, in every store (auth keeps its own logout message). Also
 * saves unsaved notes when the page is closed.
 */
export function bindSession(): void {
  const pinia = getActivePinia();
  if (!pinia) throw new Error('bindSession needs an active Pinia');
  const auth = useAuthStore();
  const interactions = useInteractionsStore();

  watch(
    () => auth.token,
    (token, previous) => {
      if (token) {
        // Right after a login (not a page load with a saved session): the agent starts not ready.
        connect(token, { fresh: previous === null });
        return;
      }
      disconnect();
      resetAllStores(pinia, ['auth']);
    },
    { immediate: true },
  );

  window.addEventListener('pagehide', () => void interactions.flushAllNotes({ keepalive: true }));
}
