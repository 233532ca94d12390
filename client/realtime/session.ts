import { watch } from 'vue';
import { useBackOfficeStore } from '@/admin/backoffice.store';
import { useAgentStore } from '@/agent/agent.store';
import { useWorkspaceStore } from '@/agent/workspace.store';
import { useAuditStore } from '@/audit/audit.store';
import { useAuthStore } from '@/auth/auth.store';
import { useChatStore } from '@/chat/chat.store';
import { useCustomersStore } from '@/customers/customers.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useOffersStore } from '@/offers/offers.store';
import { usePresenceStore } from '@/presence/presence.store';
import { usePrivacyStore } from '@/privacy/privacy.store';
import { useSupervisionStore } from '@/supervision/supervision.store';
import { useUsersStore } from '@/users/users.store';
import { connect, disconnect } from './socket';

/**
 * Keeps the socket in step with the login: connects with the token, and on logout disconnects and
 * forgets everything the previous agent saw. Also saves unsaved notes when the page is closed.
 */
export function bindSession(): void {
  const auth = useAuthStore();
  const interactions = useInteractionsStore();
  const stores = [useAgentStore(), useWorkspaceStore(), useChatStore(), useCustomersStore(), useOffersStore(), useSupervisionStore(), useBackOfficeStore(), useAuditStore(), usePrivacyStore(), usePresenceStore(), useUsersStore(), interactions];

  watch(
    () => auth.token,
    (token) => {
      if (token) {
        connect(token);
        return;
      }
      disconnect();
      for (const store of stores) store.reset();
    },
    { immediate: true },
  );

  window.addEventListener('pagehide', () => void interactions.flushAllNotes({ keepalive: true }));
}
