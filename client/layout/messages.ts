import { defineMessages } from '@/i18n/define';

/** The top bar every signed-in screen shares (`layout.*`). */
export default defineMessages({
  en: { logOut: 'Log out' },
  fa: { logOut: 'خروج' },
  'zh-CN': { logOut: '退出登录' },
  ro: { logOut: 'Deconectare' },
  hu: { logOut: 'Kijelentkezés' },
});
