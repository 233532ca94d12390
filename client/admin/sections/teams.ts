import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'teams', order: 72, component: defineAsyncComponent(() => import('@/teams/TeamsView.vue')) } satisfies AdminSection;
