import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { unlockPopCueOnFirstGesture } from './interactions/pop-cue';
import { bindSession } from './realtime/session';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
bindSession();
unlockPopCueOnFirstGesture();
app.mount('#app');
