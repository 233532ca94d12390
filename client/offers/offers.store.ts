import { defineStore } from 'pinia';
import type { OfferDecision } from '@shared/schemas/enums';
import { ref } from 'vue';
import { errorMessage } from '@/api/http';
import { useInteractionsStore } from '@/interactions/interactions.store';

export type OfferOutcome = OfferDecision;

const k = (interactionId: string, offerId: string) => `${interactionId}:${offerId}`;

export const useOffersStore = defineStore('offers', () => {
  const pending = ref<Record<string, OfferOutcome>>({});
  const errors = ref<Record<string, string>>({});

  const interactions = useInteractionsStore();

  /** What the customer said to an offer during this interaction, as the server recorded it. */
  function outcomeOf(interactionId: string, offerId: string): OfferOutcome | null {
    const offers = interactions.items[interactionId]?.record?.offers ?? [];
    for (let i = offers.length - 1; i >= 0; i--) if (offers[i]!.offerId === offerId) return offers[i]!.outcome;
    return null;
  }

  /** Records the customer's answer to an offer on the interaction. */
  async function respond(interactionId: string, offerId: string, outcome: OfferOutcome): Promise<boolean> {
    const id = k(interactionId, offerId);
    pending.value[id] = outcome;
    delete errors.value[id];
    try {
      await interactions.patch(interactionId, { offer: { offerId, outcome } });
      return true;
    } catch (err) {
      errors.value[id] = errorMessage(err);
      return false;
    } finally {
      delete pending.value[id];
    }
  }

  const pendingOf = (interactionId: string, offerId: string) => pending.value[k(interactionId, offerId)] ?? null;
  const errorOf = (interactionId: string, offerId: string) => errors.value[k(interactionId, offerId)] ?? null;

  function reset(): void {
    pending.value = {};
    errors.value = {};
  }

  return { pending, errors, outcomeOf, pendingOf, errorOf, respond, reset };
});
