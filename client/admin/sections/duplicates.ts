import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'duplicates', order: 40, component: defineAsyncComponent(() => import('@/duplicates/DuplicatesView.vue')) } satisfies AdminSection;
