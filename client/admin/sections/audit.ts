import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'audit', order: 60, component: defineAsyncComponent(() => import('@/audit/AuditView.vue')) } satisfies AdminSection;
