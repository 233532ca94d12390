import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

// Right after the floor: the look back beside the look at now.
export default { id: 'reports', order: 12, component: defineAsyncComponent(() => import('@/reports/ReportsView.vue')) } satisfies AdminSection;
