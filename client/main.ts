import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { i18n } from './i18n';
import { useLocaleStore } from './i18n/locale.store';
import { unlockPopCueOnFirstGesture } from './interactions/pop-cue';
import { bindSession } from './realtime/session';
import { createAppRouter } from './router';
import { resettable } from './stores/resettable';
import './styles.css';

// A screen's chunk from an older build (this page was open across a deploy) is gone from the server:
// load the page again, which brings the new build. At most once a minute, so a broken deploy cannot
// reload forever.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('agent-console.reloaded-for-deploy') ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('agent-console.reloaded-for-deploy', String(Date.now()));
  window.location.reload();
});

const app = createApp(App);
const pinia = createPinia();
pinia.use(resettable);
app.use(pinia);
app.use(i18n);
bindSession();
app.use(createAppRouter(createWebHistory()));
// The first paint speaks the user's language (or the browser's): its messages are fetched first.
await useLocaleStore(pinia).ready;
unlockPopCueOnFirstGesture();
app.mount('#app');
