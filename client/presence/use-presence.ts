import { onUnmounted, watch } from 'vue';
import { usePresenceStore } from './presence.store';

/** Announces that this component shows a customer's picture for as long as it is mounted. */
export function usePresence(customerId: () => string): void {
  const presence = usePresenceStore();
  watch(
    customerId,
    (id, previous) => {
      if (previous) presence.closed(previous);
      presence.opened(id);
    },
    { immediate: true },
  );
  onUnmounted(() => presence.closed(customerId()));
}
