import { watch } from 'vue';
import { createRouter, type RouteLocationNormalized, type RouterHistory } from 'vue-router';
import { i18n, translate } from '@/i18n';
import { useAuthStore } from '@/auth/auth.store';
import { decide } from './guard';
import { useNoticeStore } from './notice.store';
import { routes } from './routes';

/** Names the window for the screen shown, in the user's language ("Audit log · Agent Console"). */
function nameWindow(route: RouteLocationNormalized): void {
  if (route.meta.screen) document.title = translate('router.title', { screen: translate(`router.screens.${route.meta.screen}`), app: translate('auth.consoleName') });
}

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
    if (!failure) nameWindow(to);
  });
  // A language change renames the window too.
  watch(i18n.global.locale, () => nameWindow(router.currentRoute.value));
  return router;
}
