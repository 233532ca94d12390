import { createRouter, type RouterHistory } from 'vue-router';
import { SCREENS } from '@shared/access/roles';
import { useAuthStore } from '@/auth/auth.store';
import { decide } from './guard';
import { useNoticeStore } from './notice.store';
import { routes } from './routes';

/** The app's router; `history` is web history in the page, memory history in tests. */
export function createAppRouter(history: RouterHistory) {
  const router = createRouter({ history, routes });
  router.beforeEach((to) => {
    const decision = decide(to, useAuthStore().user);
    const notice = useNoticeStore();
    if (decision.allow) return true;
    if (decision.notice) notice.show(decision.notice);
    return decision.to;
  });
  // A message stays until the user goes somewhere of their own accord (a redirect brought them here).
  router.afterEach((to, _from, failure) => {
    if (!failure && !to.redirectedFrom) useNoticeStore().dismiss();
    // Each history entry is named for its screen, in the tab and in the back button's list.
    if (!failure && to.meta.screen) document.title = `${SCREENS[to.meta.screen].label} · Agent Console`;
  });
  return router;
}
