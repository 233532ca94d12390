import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'dispositions', order: 66, component: defineAsyncComponent(() => import('@/dispositions/DispositionsView.vue')) } satisfies AdminSection;
