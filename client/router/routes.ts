import { SCREENS, type ScreenId } from '@shared/access/roles';
import type { RouteRecordRaw } from 'vue-router';
import { adminSections } from '@/admin/sections';
import LoginView from '@/auth/LoginView.vue';

// Each role downloads only its own screens: the login screen comes with the first load, every other
// screen is a chunk of its own fetched when first opened (the agent never loads the floor's charts).
const ConsoleView = () => import('@/agent/ConsoleView.vue');
const PasswordChangeView = () => import('@/auth/PasswordChangeView.vue');
const SupervisorView = () => import('@/supervision/SupervisorView.vue');
const CallbacksPage = () => import('@/callbacks/CallbacksPage.vue');
const MyDayPage = () => import('@/reports/MyDayPage.vue');

declare module 'vue-router' {
  interface RouteMeta {
    /** The screen of shared/access/roles.ts this route shows: its roles decide who may open it. */
    screen?: ScreenId;
    /** The back-office tab shown as current (a sub-screen names its section's tab). */
    section?: ScreenId;
  }
}

/** A route for a screen: path, name and guard entry all come from the shared table. */
const screen = (id: ScreenId, rest: Omit<RouteRecordRaw, 'path' | 'name' | 'meta' | 'children' | 'redirect'>, section?: ScreenId): RouteRecordRaw =>
  ({ ...rest, path: SCREENS[id].path, name: id, meta: { screen: id, section } }) as RouteRecordRaw;

export const routes: RouteRecordRaw[] = [
  screen('login', { component: LoginView }),
  screen('password', { component: PasswordChangeView }),
  // The workspace, a live interaction's tab and a customer opened without a call share one screen, so
  // switching between them keeps the console (and its tabs) mounted.
  screen('console', { component: ConsoleView }),
  screen('interaction', { component: ConsoleView }),
  screen('customer', { component: ConsoleView }),
  screen('floor', { component: SupervisorView }),
  // Every back-office section is a screen beside the floor, under the same top bar.
  ...adminSections.map((s) => screen(s.id, { component: SupervisorView, props: { section: s.id } }, s.id)),
  // The campaign form has a URL of its own, so back closes it and a reload reopens it.
  screen('campaignNew', { component: SupervisorView, props: { section: 'campaigns' } }, 'campaigns'),
  screen('callbacks', { component: CallbacksPage }),
  screen('myDay', { component: MyDayPage }),
  // `/` and unknown URLs: the guard sends each user to their home (or to the login screen).
  { path: '/:rest(.*)*', name: 'elsewhere', component: LoginView },
];
