import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'users', order: 70, component: defineAsyncComponent(() => import('@/users/UsersView.vue')) } satisfies AdminSection;
