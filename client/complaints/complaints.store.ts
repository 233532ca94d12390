import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Complaint } from '@shared/schemas/customer';
import { useCustomersStore } from '@/customers/customers.store';
import { complaintsApi, type ComplaintCreateBody, type ComplaintUpdateBody } from './complaints.api';

export const useComplaintsStore = defineStore('complaints', () => {
  const customers = useCustomersStore();
  const saving = ref(false);

  /** Opens a complaint for a customer and shows it in their picture; throws ApiError on failure. */
  async function open(customerId: string, body: ComplaintCreateBody): Promise<Complaint> {
    saving.value = true;
    try {
      const complaint = await complaintsApi.open(customerId, body);
      customers.upsertComplaint(complaint);
      return complaint;
    } finally {
      saving.value = false;
    }
  }

  /** Changes a complaint's status, severity or resolution; throws ApiError on failure. */
  async function update(id: string, body: ComplaintUpdateBody): Promise<Complaint> {
    saving.value = true;
    try {
      const complaint = await complaintsApi.update(id, body);
      customers.upsertComplaint(complaint);
      return complaint;
    } finally {
      saving.value = false;
    }
  }

  return { saving, open, update };
});
