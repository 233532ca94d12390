import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'queueSettings', order: 64, component: defineAsyncComponent(() => import('@/queues/QueueSettingsView.vue')) } satisfies AdminSection;
