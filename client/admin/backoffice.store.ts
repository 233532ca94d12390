import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Which back-office screen a supervisor or admin is on: the live floor, or one admin section. */
export const useBackOfficeStore = defineStore('backoffice', () => {
  const section = ref<string>('floor');
  const open = (id: string) => (section.value = id);
  const reset = () => (section.value = 'floor');
  return { section, open, reset };
});
