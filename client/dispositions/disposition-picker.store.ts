import { defineStore } from 'pinia';
import { ref } from 'vue';
import { BUILT_IN_DISPOSITIONS, type DispositionCode } from '@shared/schemas/dispositions';
import { dispositionsApi } from './dispositions.api';

/** How long the wrap-up trusts a queue's codes before asking again (an admin may have changed them). */
export const PICKER_TTL_MS = 60_000;

/**
 * Until a queue's codes arrive (or when they cannot be fetched) the wrap-up offers the console's own
 * inbound codes: the server checks whatever is recorded against the queue's codes either way.
 */
export const BUILT_IN_INBOUND: DispositionCode[] = BUILT_IN_DISPOSITIONS.filter((d) => d.direction === 'inbound').map((d) => ({
  ...d,
  id: `built-in:${d.code}`,
  labels: {},
  scope: 'all',
  active: true,
  builtIn: true,
}));

/** The disposition codes agents pick from when they wrap up, by queue, and telemarketers by campaign. */
export const useDispositionPickerStore = defineStore('dispositionPicker', () => {
  const byQueue = ref<Record<string, DispositionCode[]>>({});
  const loadedAt = new Map<string, number>();
  const loading = new Map<string, Promise<void>>();

  /** Loads a queue's codes unless fresh ones are here; a failure keeps what is shown (the defaults). */
  function load(queue: string | undefined): Promise<void> {
    const key = queue ?? '';
    if (Date.now() - (loadedAt.get(key) ?? 0) < PICKER_TTL_MS) return Promise.resolve();
    const running =
      loading.get(key) ??
      // Without a queue, only the codes for everywhere apply.
      (queue ? dispositionsApi.forQueue(queue) : dispositionsApi.list({ direction: 'inbound' }).then((all) => all.filter((c) => c.scope === 'all')))
        .then((codes) => {
          byQueue.value = { ...byQueue.value, [key]: codes };
          loadedAt.set(key, Date.now());
        })
        .catch((err) => console.error('Disposition codes could not be loaded', err))
        .finally(() => loading.delete(key));
    loading.set(key, running);
    return running;
  }

  const optionsFor = (queue: string | undefined): DispositionCode[] => byQueue.value[queue ?? ''] ?? BUILT_IN_INBOUND;

  // A campaign's outbound codes, kept beside the queues' under their scope's name.
  const campaignKey = (campaignId: string) => `campaign:${campaignId}`;
  function loadCampaign(campaignId: string): Promise<void> {
    const key = campaignKey(campaignId);
    if (Date.now() - (loadedAt.get(key) ?? 0) < PICKER_TTL_MS) return Promise.resolve();
    const running =
      loading.get(key) ??
      dispositionsApi
        .forCampaign(campaignId)
        .then((codes) => {
          byQueue.value = { ...byQueue.value, [key]: codes };
          loadedAt.set(key, Date.now());
        })
        .catch((err) => console.error('Disposition codes could not be loaded', err))
        .finally(() => loading.delete(key));
    loading.set(key, running);
    return running;
  }
  /** The campaign's outbound codes; none until they arrive (the dialer's own buttons stand meanwhile). */
  const optionsForCampaign = (campaignId: string): DispositionCode[] => byQueue.value[campaignKey(campaignId)] ?? [];

  function reset() {
    byQueue.value = {};
    loadedAt.clear();
  }

  return { byQueue, load, optionsFor, loadCampaign, optionsForCampaign, reset };
});
