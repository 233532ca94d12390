import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DispositionResult, IdleReason, ServedContact } from '@shared/schemas/campaign';
import { errorMessage } from '@/api/http';
import { campaignsApi } from './campaigns.api';
import { useCampaignsStore } from './campaigns.store';

const LAST_CAMPAIGN = 'dialer.campaign';

/**
 * The telemarketer's working state: which campaign they work, the contact in hand (locked to them by
 * the server until a disposition is recorded), the script answers and notes typed during the call.
 */
export const useDialerStore = defineStore('dialer', () => {
  const campaigns = useCampaignsStore();
  const campaignId = ref<string | null>(localStorage.getItem(LAST_CAMPAIGN));
  const contact = ref<ServedContact | null>(null);
  /**
   * Why nothing was served (a code the dialer words in the telemarketer's language; the server's own
   * sentence when it sent no code), and when something will be.
   */
  const idle = ref<{ reason?: IdleReason; message?: string; nextAt?: Date } | null>(null);
  const answers = ref<Record<string, string>>({});
  const notes = ref('');
  const busy = ref<'next' | 'saving' | null>(null);
  const error = ref<string | null>(null);
  const last = ref<(DispositionResult & { name: string; disposition: string }) | null>(null);
  /** Contacts this telemarketer has recorded in this session. */
  const worked = ref(0);

  const campaign = computed(() => (campaignId.value ? (campaigns.byId.get(campaignId.value) ?? null) : null));

  function choose(id: string | null) {
    campaignId.value = id;
    if (id) localStorage.setItem(LAST_CAMPAIGN, id);
    else localStorage.removeItem(LAST_CAMPAIGN);
    idle.value = null;
    last.value = null;
    error.value = null;
  }

  /** Asks for the next due contact (or the one already in hand after a reload). */
  async function next() {
    if (!campaignId.value || busy.value) return;
    busy.value = 'next';
    error.value = null;
    try {
      const res = await campaignsApi.next(campaignId.value);
      contact.value = res.contact;
      idle.value = res.contact ? null : { reason: res.reason, message: res.message, nextAt: res.nextAt };
      if (res.contact) {
        answers.value = {};
        notes.value = '';
        last.value = null;
      }
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = null;
    }
  }

  /** Records the call's outcome with the script answers and notes; true when the server took it. */
  /** `disposition`: one of the console's own codes or an admin's code for the campaign. */
  async function record(disposition: string, callbackAt?: Date, offerCode?: string): Promise<boolean> {
    const c = contact.value;
    if (!c || busy.value) return false;
    busy.value = 'saving';
    error.value = null;
    try {
      const filled = Object.fromEntries(Object.entries(answers.value).filter(([, v]) => v.trim() !== ''));
      const result = await campaignsApi.dispose(c.campaignId, c.entryId, {
        disposition,
        ...(callbackAt ? { callbackAt } : {}),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
        ...(Object.keys(filled).length ? { answers: filled } : {}),
        ...(offerCode ? { offerCode } : {}),
      });
      campaigns.applyProgress(c.campaignId, result.progress);
      last.value = { ...result, name: c.picture.profile.displayName, disposition };
      contact.value = null;
      worked.value++;
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { campaignId, campaign, contact, idle, answers, notes, busy, error, last, worked, choose, next, record };
});
