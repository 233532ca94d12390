import { watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useAuthStore } from '@/auth/auth.store';
import { homeOf, safeRedirect } from './guard';

/**
 * Moves the screen when the session changes under it: a login or a finished password change goes on to
 * the URL the user first asked for (or their home); a logout or an expired session goes to the login
 * screen (an expiry remembers where the user was, so logging in again returns there).
 */
export function useSessionNavigation(): void {
  const auth = useAuthStore();
  const router = useRouter();
  const route = useRoute();

  watch(
    () => [auth.isLoggedIn, auth.user?.mustChangePassword ?? false, auth.user?.role] as const,
    ([loggedIn, mustChange], [wasLoggedIn, hadToChange]) => {
      const screen = route.meta.screen;
      if (!loggedIn) {
        if (screen === 'login') return;
        const expired = wasLoggedIn && auth.error !== null;
        void router.replace(expired ? { name: 'login', query: { redirect: route.fullPath } } : { name: 'login' });
        return;
      }
      if (!auth.user) return;
      if (screen === 'login' || (hadToChange && !mustChange) || mustChange) {
        const target = safeRedirect(route.query.redirect) ?? homeOf(auth.user);
        void router.replace(target);
      }
    },
  );
}
