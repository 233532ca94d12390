import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'queueHours', order: 65, component: defineAsyncComponent(() => import('@/queues/QueueHoursView.vue')) } satisfies AdminSection;
