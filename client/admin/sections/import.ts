import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'import', order: 30, component: defineAsyncComponent(() => import('@/imports/ImportView.vue')) } satisfies AdminSection;
