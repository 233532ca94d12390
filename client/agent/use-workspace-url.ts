import { computed, watch } from 'vue';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import { mayOpen } from '@shared/access/roles';
import { useAuthStore } from '@/auth/auth.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useWorkspaceStore, type Selection } from './workspace.store';

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
  const auth = useAuthStore();

  const routeId = computed(() => (typeof route.params.id === 'string' ? route.params.id : null));

  /**
   * An interaction's URL opened before the interaction is here (a reload: the server re-sends live pops
   * after reconnecting, the first of which takes the screen). The URL keeps naming it until it arrives,
   * or until the user picks a tab or a customer themselves.
   */
  let awaited: string | null = route.name === 'interaction' && routeId.value && !interactions.items[routeId.value] ? routeId.value : null;
  interactions.$onAction(({ name }) => {
    if (name === 'select') awaited = null;
  });
  workspace.$onAction(({ name }) => {
    if (name === 'showCustomer' || name === 'closeCustomer') awaited = null;
  });

  const urlOf = (sel: Selection | null): RouteLocationRaw => (!sel ? { name: 'console' } : { name: sel.kind, params: { id: sel.id } });

  watch(
    () => [route.name, routeId.value, routeId.value ? !!interactions.items[routeId.value] : false] as const,
    ([name, id, known], previous) => {
      const sel = workspace.selection;
      if (name === 'customer' && id && !(sel?.kind === 'customer' && sel.id === id)) workspace.showCustomer(id);
      else if (name === 'interaction' && id && known && !(sel?.kind === 'interaction' && sel.id === id)) interactions.select(id);
      else if (name === 'interaction' && id && known) awaited = null;
      else if (name === 'console' && sel) {
        // Back from a tab's URL to the bare console: the user left the tab. Arriving at the console with a
        // tab already chosen (a pop came in first): the URL names that tab.
        if (previous && (previous[0] === 'interaction' || previous[0] === 'customer')) workspace.clearIf(sel.kind, sel.id);
        else void router.replace(urlOf(sel));
      }
    },
    { immediate: true },
  );

  watch(
    () => workspace.selection,
    (sel) => {
      if (!CONSOLE_SCREENS.has(String(route.name)) || awaited) return;
      // A telemarketer's console is the dialer: a customer opened from search has no screen of theirs.
      if (sel && !mayOpen(auth.user?.role, sel.kind)) return;
      if (router.resolve(urlOf(sel)).fullPath !== route.fullPath) void router.push(urlOf(sel));
    },
  );
}
