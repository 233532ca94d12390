import { computed, watch } from 'vue';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useWorkspaceStore } from './workspace.store';

const CONSOLE_SCREENS = new Set(['console', 'interaction', 'customer']);

/**
 * Keeps the console's URL and its open tab in step, both ways: choosing a tab (or a screen pop opening
 * one) pushes its URL, so the back button returns to the previous tab; opening a URL (a deep link, a
 * reload, back/forward) selects its tab. A customer's URL loads the picture; an interaction's URL waits
 * for the interaction, which the server re-sends after a reconnect.
 */
export function useWorkspaceUrl(): void {
  const route = useRoute();
  const router = useRouter();
  const workspace = useWorkspaceStore();
  const interactions = useInteractionsStore();

  const routeId = computed(() => (typeof route.params.id === 'string' ? route.params.id : null));

  watch(
    () => [route.name, routeId.value, routeId.value ? !!interactions.items[routeId.value] : false] as const,
    ([name, id, known]) => {
      const sel = workspace.selection;
      if (name === 'customer' && id && !(sel?.kind === 'customer' && sel.id === id)) workspace.showCustomer(id);
      else if (name === 'interaction' && id && known && !(sel?.kind === 'interaction' && sel.id === id)) interactions.select(id);
      else if (name === 'console' && sel) workspace.clearIf(sel.kind, sel.id);
    },
    { immediate: true },
  );

  watch(
    () => workspace.selection,
    (sel) => {
      if (!CONSOLE_SCREENS.has(String(route.name))) return;
      const to: RouteLocationRaw = !sel ? { name: 'console' } : { name: sel.kind, params: { id: sel.id } };
      if (router.resolve(to).fullPath !== route.fullPath) void router.push(to);
    },
  );
}
