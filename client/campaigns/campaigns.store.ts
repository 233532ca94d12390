import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Campaign, CampaignCreate, CampaignProgress } from '@shared/schemas/campaign';
import { errorMessage } from '@/api/http';
import { campaignsApi } from './campaigns.api';

/** Outbound campaigns and their progress, kept live by `campaign:changed` pushes. */
export const useCampaignsStore = defineStore('campaigns', () => {
  const items = ref<Campaign[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);

  const byId = computed(() => new Map(items.value.map((c) => [c.id, c])));
  const workable = computed(() => items.value.filter((c) => c.status === 'active'));

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      items.value = await campaignsApi.list();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** A pushed or fetched campaign replaces the one we hold (or joins the list). */
  function apply(campaign: Campaign) {
    const i = items.value.findIndex((c) => c.id === campaign.id);
    if (i >= 0) items.value.splice(i, 1, campaign);
    else items.value = [campaign, ...items.value];
  }

  /** Progress a disposition answered with, ahead of the push. */
  function applyProgress(id: string, progress: CampaignProgress) {
    const c = byId.value.get(id);
    if (c) apply({ ...c, progress });
  }

  async function create(input: CampaignCreate): Promise<Campaign | null> {
    saving.value = true;
    error.value = null;
    try {
      const created = await campaignsApi.create(input);
      // The build's pushes may beat this answer (a small list builds at once): keep the newer state.
      if (!byId.value.has(created.id)) apply(created);
      return created;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  async function setStatus(id: string, status: 'active' | 'paused') {
    error.value = null;
    try {
      apply(await campaignsApi.setStatus(id, status));
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  return { items, loading, saving, error, byId, workable, load, apply, applyProgress, create, setStatus };
});
