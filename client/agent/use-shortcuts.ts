import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { translate } from '@/i18n';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useAgentStore } from './agent.store';
import { useAnnouncerStore } from './announcer.store';
import { matchShortcut, type ShortcutAction } from './shortcuts';

const FOCUSABLE = 'textarea:not(:disabled), select:not(:disabled), input:not(:disabled), button:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * The element a shortcut works on, marked in its component with `data-shortcut="<action>"` (the notes
 * of the interaction on screen, the disposition, the search box): itself when it can take the focus,
 * else the first control inside it that can.
 */
function target(action: ShortcutAction): HTMLElement | null {
  const marked = document.querySelector<HTMLElement>(`[data-shortcut="${action}"]`);
  if (!marked) return null;
  return marked.matches(FOCUSABLE) ? marked : marked.querySelector<HTMLElement>(FOCUSABLE);
}

/**
 * Runs the console's keyboard shortcuts (declared once in `shortcuts.ts`) while the console is shown.
 * Returns whether the help overlay is open, for the `?` shortcut.
 */
export function useShortcuts(kind: () => 'inbound' | 'dialer'): { helpOpen: Ref<boolean> } {
  const helpOpen = ref(false);
  const agent = useAgentStore();
  const interactions = useInteractionsStore();
  const announcer = useAnnouncerStore();

  /** Focuses the shortcut's target, or says (message key `missing`) why there is none here. */
  function focusOn(action: ShortcutAction, missing: string): void {
    const el = target(action);
    if (el) el.focus();
    else announcer.announce(translate(missing));
  }

  const run: Record<ShortcutAction, () => void> = {
    available: () => void agent.setState('available'),
    // Not ready for the reason the agent picked last (the switch's reason list).
    'not-ready': () => void agent.setState('not-ready'),
    take: () => {
      if (!interactions.takeWaiting()) announcer.announce(translate('agent.shortcuts.missing.take'));
    },
    notes: () => focusOn('notes', 'agent.shortcuts.missing.notes'),
    disposition: () => focusOn('disposition', 'agent.shortcuts.missing.disposition'),
    'next-contact': () => {
      const button = target('next-contact');
      if (button) button.click();
      else announcer.announce(translate('agent.shortcuts.missing.nextContact'));
    },
    call: () => {
      const button = target('call') as HTMLButtonElement | null;
      if (button && !button.disabled) button.click();
      else announcer.announce(translate('agent.shortcuts.missing.call'));
    },
    search: () => focusOn('search', 'agent.shortcuts.missing.search'),
    help: () => (helpOpen.value = !helpOpen.value),
  };

  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    const shortcut = matchShortcut(event, kind());
    if (!shortcut) return;
    event.preventDefault();
    run[shortcut.action]();
  }

  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
  return { helpOpen };
}
