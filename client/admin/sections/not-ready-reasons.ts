import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'notReadyReasons', order: 74, component: defineAsyncComponent(() => import('@/not-ready-reasons/NotReadyReasonsView.vue')) } satisfies AdminSection;
