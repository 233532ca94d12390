import { onMounted, watch } from 'vue';
import { useConnectionStore } from '@/realtime/connection.store';
import { useCampaignsStore } from './campaigns.store';

/**
 * The campaigns store, loaded on mount and kept live by `campaign:changed` pushes. Pushes sent while
 * the socket was down are lost, so the list is fetched again after every reconnect.
 */
export function useLiveCampaigns() {
  const store = useCampaignsStore();
  const connection = useConnectionStore();
  onMounted(() => void store.load());
  watch(
    () => connection.status,
    (now, before) => {
      if (now === 'connected' && before === 'reconnecting') void store.load();
    },
    // Synchronous, so a drop and a reconnect within one tick are both seen.
    { flush: 'sync' },
  );
  return store;
}
