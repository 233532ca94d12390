import { defineMessages } from '@/i18n/define';

/** The live connection (`realtime.*`): its status in the top bar and the banner while it is lost. */
export default defineMessages({
  en: {
    status: { connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…', disconnected: 'Offline' },
    banner: {
      back: 'Back online: the screen has caught up.',
      lost: 'Connection lost — reconnecting… What you see may be out of date; calls, pictures and the feed catch up by themselves when it is back. Nothing you typed is lost.',
    },
    refused: 'The console refused the connection ({reason}). Please log in again.',
  },
  fa: {
    status: { connected: 'متصل', connecting: 'در حال اتصال…', reconnecting: 'در حال اتصال دوباره…', disconnected: 'قطع' },
    banner: {
      back: 'اتصال برقرار شد: صفحه به‌روز شده است.',
      lost: 'اتصال قطع شد — در حال اتصال دوباره… ممکن است آنچه می‌بینید به‌روز نباشد؛ تماس‌ها، پرونده‌ها و رویدادها پس از برگشتن اتصال خودبه‌خود به‌روز می‌شوند. هیچ‌یک از نوشته‌های شما از دست نمی‌رود.',
    },
    refused: 'کنسول اتصال را نپذیرفت ({reason}). لطفاً دوباره وارد شوید.',
  },
  'zh-CN': {
    status: { connected: '已连接', connecting: '正在连接…', reconnecting: '正在重新连接…', disconnected: '离线' },
    banner: {
      back: '已恢复连接：页面已同步到最新。',
      lost: '连接已断开，正在重新连接… 当前显示的内容可能已过时；连接恢复后，来电、客户信息和动态会自动同步。您输入的内容不会丢失。',
    },
    refused: '控制台拒绝了连接（{reason}）。请重新登录。',
  },
  ro: {
    status: { connected: 'Conectat', connecting: 'Se conectează…', reconnecting: 'Se reconectează…', disconnected: 'Deconectat' },
    banner: {
      back: 'Conexiunea a revenit: ecranul este la zi.',
      lost: 'Conexiune pierdută — se reconectează… Ce vedeți poate fi depășit; apelurile, fișele și fluxul se actualizează singure când revine conexiunea. Nimic din ce ați scris nu se pierde.',
    },
    refused: 'Consola a refuzat conexiunea ({reason}). Autentificați-vă din nou.',
  },
  hu: {
    status: { connected: 'Kapcsolódva', connecting: 'Kapcsolódás…', reconnecting: 'Újrakapcsolódás…', disconnected: 'Offline' },
    banner: {
      back: 'Újra online: a képernyő naprakész.',
      lost: 'Megszakadt a kapcsolat — újrakapcsolódás… Amit lát, elavult lehet; a hívások, adatlapok és az eseménynapló a kapcsolat helyreállása után maguktól frissülnek. Semmi sem vész el abból, amit begépelt.',
    },
    refused: 'A konzol elutasította a kapcsolatot ({reason}). Kérjük, jelentkezzen be újra.',
  },
});
