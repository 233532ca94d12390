import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'privacy', order: 70, component: defineAsyncComponent(() => import('@/privacy/PrivacyView.vue')) } satisfies AdminSection;
