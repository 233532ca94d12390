import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { unlockPopCueOnFirstGesture } from './interactions/pop-cue';
import { bindSession } from './realtime/session';
import { createAppRouter } from './router';
import { resettable } from './stores/resettable';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
pinia.use(resettable);
app.use(pinia);
bindSession();
app.use(createAppRouter(createWebHistory()));
unlockPopCueOnFirstGesture();
app.mount('#app');
